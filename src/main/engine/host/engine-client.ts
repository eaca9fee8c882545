import { Worker } from 'node:worker_threads'
import { ContractError, fromErrorData } from '../../../shared/errors'
import type { EngineMethodName, EngineParams, EngineResult } from '../methods'
import type { FromEngine, ToEngine } from './protocol'

interface PendingRun {
  resolve(value: unknown): void
  reject(error: Error): void
  onEvent?: (event: unknown) => void
}

export interface RunOptions {
  signal?: AbortSignal
  onEvent?: (event: unknown) => void
}

/**
 * The studio's handle on the inference worker. Starts it on first use; if it dies, every run in
 * flight fails with `engine-crashed` and the next run starts a fresh worker.
 */
export class EngineClient {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, PendingRun>()

  run<M extends EngineMethodName>(method: M, params: EngineParams<M>, options: RunOptions = {}): Promise<EngineResult<M>> {
    const { signal, onEvent } = options
    if (signal?.aborted) return Promise.reject(new ContractError('cancelled', 'Cancelled.'))
    const worker = this.ensureWorker()
    const id = this.nextId++
    return new Promise<EngineResult<M>>((resolve, reject) => {
      const onAbort = () => this.post(worker, { type: 'cancel', id })
      signal?.addEventListener('abort', onAbort, { once: true })
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(value as EngineResult<M>)
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
        onEvent,
      })
      this.post(worker, { type: 'run', id, method, params })
    })
  }

  /**
   * Whether the worker is running. Sessions live only in the worker, so while it is not
   * running there is nothing to release and no reason to start it.
   */
  get started(): boolean {
    return this.worker !== null
  }

  /** Stops the worker; runs in flight fail with `engine-crashed`. */
  async dispose(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private post(worker: Worker, message: ToEngine): void {
    worker.postMessage(message)
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const worker = spawnEngineWorker()
    worker.unref()
    worker.on('message', (message: FromEngine) => this.receive(message))
    worker.on('error', (error) => this.crash(worker, error.message))
    worker.on('exit', (code) => this.crash(worker, `the inference worker exited with code ${code}`))
    this.worker = worker
    return worker
  }

  private receive(message: FromEngine): void {
    const run = this.pending.get(message.id)
    if (!run) return
    if (message.type === 'event') return run.onEvent?.(message.event)
    this.pending.delete(message.id)
    if (message.type === 'result') run.resolve(message.value)
    else run.reject(fromErrorData(message.error))
  }

  private crash(worker: Worker, reason: string): void {
    if (this.worker === worker) this.worker = null
    const runs = [...this.pending.values()]
    this.pending.clear()
    for (const run of runs) {
      run.reject(new ContractError('engine-crashed', `The inference engine stopped (${reason}); it will restart on the next run.`))
    }
  }
}

/**
 * Built bundles ship the worker as `engine-worker.js` beside this module; from source (tests and
 * the command line) it is TypeScript. Node 20 resolves a worker's entry before any `--import`
 * in its execArgv has registered tsx, so a tiny bootstrap registers tsx first, then imports it.
 */
function spawnEngineWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const url = new URL(fromSource ? './engine-worker.ts' : './engine-worker.js', import.meta.url)
  if (!fromSource) return new Worker(url)
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(bootstrap, { eval: true })
}
