import { ContractError, fromErrorData } from '../../../shared/errors'
import type { EngineMethodName, EngineParams, EngineResult } from '../methods'
import { forkEngineProcess } from './fork-engine-process'
import type { EngineProcess, FromEngine, SpawnEngine } from './protocol'

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
 * The studio's handle on the inference process. Starts it on first use; if it dies, every run
 * in flight fails with `engine-crashed` and the next run starts a fresh process.
 */
export class EngineClient {
  private process: EngineProcess | null = null
  private nextId = 1
  private readonly pending = new Map<number, PendingRun>()

  /** `spawn` starts the process: a forked Node child unless the host says otherwise (Electron). */
  constructor(private readonly spawn: SpawnEngine = forkEngineProcess) {}

  run<M extends EngineMethodName>(method: M, params: EngineParams<M>, options: RunOptions = {}): Promise<EngineResult<M>> {
    const { signal, onEvent } = options
    if (signal?.aborted) return Promise.reject(new ContractError('cancelled', 'Cancelled.'))
    const engine = this.ensureProcess()
    const id = this.nextId++
    return new Promise<EngineResult<M>>((resolve, reject) => {
      const onAbort = () => engine.send({ type: 'cancel', id })
      signal?.addEventListener('abort', onAbort, { once: true })
      const settle = () => {
        signal?.removeEventListener('abort', onAbort)
        this.pending.delete(id)
        if (this.pending.size === 0) this.process?.hold(false)
      }
      this.pending.set(id, {
        resolve: (value) => {
          settle()
          resolve(value as EngineResult<M>)
        },
        reject: (error) => {
          settle()
          reject(error)
        },
        onEvent,
      })
      engine.hold(true)
      engine.send({ type: 'run', id, method, params })
    })
  }

  /**
   * Whether the inference process is running. Sessions live only there, so while it is not
   * running there is nothing to release and no reason to start it.
   */
  get started(): boolean {
    return this.process !== null
  }

  /** Stops the process; runs in flight fail with `engine-crashed`. */
  async dispose(): Promise<void> {
    await this.process?.kill()
  }

  private ensureProcess(): EngineProcess {
    if (this.process) return this.process
    const engine: EngineProcess = this.spawn({
      message: (message) => this.receive(message),
      exit: (reason) => this.crash(engine, reason),
    })
    engine.hold(false)
    this.process = engine
    return engine
  }

  private receive(message: FromEngine): void {
    const run = this.pending.get(message.id)
    if (!run) return
    if (message.type === 'event') return run.onEvent?.(message.event)
    if (message.type === 'result') run.resolve(message.value)
    else run.reject(fromErrorData(message.error))
  }

  private crash(engine: EngineProcess, reason: string): void {
    if (this.process === engine) this.process = null
    const runs = [...this.pending.values()]
    for (const run of runs) {
      run.reject(new ContractError('engine-crashed', `The inference engine stopped (${reason}); it will restart on the next run.`))
    }
  }
}
