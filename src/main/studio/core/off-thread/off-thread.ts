import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CallOutput, ParsedInput } from '../../../../shared/contract'
import { unwrapResult, type CallResult } from '../../../../shared/envelope'
import type { WorkerCallName, WorkerRequest } from './worker-calls'

/**
 * Runs scene and layout work in one worker thread, started on first use and restarted after it
 * dies. The thread that serves requests only posts the input and waits, so however large a
 * board or a book, the server keeps answering (and the app's main process stays responsive).
 * An idle worker does not keep the process alive.
 */
export class OffThread {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, (result: CallResult) => void>()

  async run<K extends WorkerCallName>(name: K, input: ParsedInput<K>): Promise<CallOutput<K>> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    const answered = new Promise<CallResult>((resolve) => this.pending.set(id, resolve))
    worker.ref()
    worker.postMessage({ id, name, input } satisfies WorkerRequest)
    return unwrapResult(await answered) as CallOutput<K>
  }

  /** Stops the worker; calls in flight fail. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    await worker?.terminate()
  }

  private start(): Worker {
    const worker = startWorker()
    worker.unref()
    worker.on('message', ({ id, result }: { id: number; result: CallResult }) => {
      this.pending.get(id)?.(result)
      this.pending.delete(id)
      if (this.pending.size === 0) worker.unref()
    })
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null
      for (const [id, settle] of this.pending) {
        this.pending.delete(id)
        settle({ ok: false, error: { code: 'internal', message: `The studio worker stopped (${reason}); try again.` } })
      }
    }
    worker.on('error', (error) => fail(error.message))
    worker.on('exit', (code) => fail(`exit code ${code}`))
    this.worker = worker
    return worker
  }
}

/**
 * Built bundles ship `studio-worker.js` beside this module. From source (tests, the command
 * line) it is TypeScript: a worker does not take tsx through --import, so a small bootstrap
 * registers tsx in the thread first and then loads the entry.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(fileURLToPath(new URL('./studio-worker.js', import.meta.url)))
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./studio-worker.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}) })`, { eval: true })
}
