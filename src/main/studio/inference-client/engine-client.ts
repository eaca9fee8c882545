import { setTimeout as sleep } from 'node:timers/promises'
import { ENGINE_SETTINGS_DEFAULTS, type EngineSettings } from '../../../shared/contract/settings'
import { ContractError, fromErrorData, throwIfCancelled } from '../../../shared/errors'
import type { EngineEvent, EngineMethodName, EngineParams, EngineResult } from '../../inference/methods'
import { forkEngineProcess } from './fork-engine-process'
import type { EngineProcess, EngineProcessSetup, FromEngine, SpawnEngine } from '../../inference/protocol'

interface PendingRun {
  /** The process the run was sent to: only its exit fails the run. */
  engine: EngineProcess
  resolve(value: unknown): void
  reject(error: Error): void
  onEvent?: (event: unknown) => void
}

export interface RunOptions<Event = unknown> {
  signal?: AbortSignal
  onEvent?: (event: Event) => void
}

/** The wait before a new process after crashes in a row: 0.25 s, doubling up to 8 s. */
export function restartDelayMs(crashesInARow: number): number {
  return crashesInARow === 0 ? 0 : Math.min(250 * 2 ** (crashesInARow - 1), 8000)
}

/**
 * The studio's handle on the inference process. Starts it on first use; if it dies, every run
 * in flight fails with `engine-crashed` and the next run starts a fresh process, after a delay
 * that grows while processes keep dying without finishing a run (a model that crashes on load
 * must not turn into a tight crash loop).
 */
export class EngineClient {
  private process: EngineProcess | null = null
  private nextId = 1
  private readonly pending = new Map<number, PendingRun>()
  private crashesInARow = 0
  /** When a new process may start (performance.now() time). */
  private restartAt = 0
  /** The engine settings every process gets before its first run. */
  private settings: EngineSettings | null = null
  /** What the running process was started with. */
  private processSetup: EngineProcessSetup | null = null

  /** `spawn` starts the process: a forked Node child unless the host says otherwise (Electron). */
  constructor(private readonly spawn: SpawnEngine = forkEngineProcess) {}

  async run<M extends EngineMethodName>(method: M, params: EngineParams<M>, options: RunOptions<EngineEvent<M>> = {}): Promise<EngineResult<M>> {
    const { signal, onEvent } = options
    // After a crash, the next process starts once the restart delay is over (a cancel ends the wait).
    const wait = this.process ? 0 : this.restartAt - performance.now()
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {})
    throwIfCancelled(signal)
    // A process started under settings read only at start is replaced once nothing runs in it.
    if (this.process && this.pending.size === 0 && !sameSetup(this.processSetup, this.setup())) await this.dispose()
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
        engine,
        resolve: (value) => {
          settle()
          resolve(value as EngineResult<M>)
        },
        reject: (error) => {
          settle()
          reject(error)
        },
        // The process sends run `id` only the events of method M.
        onEvent: onEvent as PendingRun['onEvent'],
      })
      engine.hold(true)
      try {
        engine.send({ type: 'run', id, method, params })
      } catch (error) {
        // Parameters that cannot be cloned fail here, before anything reaches the process.
        this.pending.get(id)?.reject(error instanceof Error ? error : new Error(String(error)))
      }
    })
  }

  /**
   * Sets the engine settings (device, GPU, threads): a running process gets them now, ahead of
   * any later run; a process started later gets them before its first run, crashes included.
   * Huge pages are read only when a process starts: the next run finding the process idle
   * starts a new one.
   */
  configure(settings: EngineSettings): void {
    this.settings = { ...settings }
    if (this.process) this.sendSettings(this.process)
  }

  /**
   * Whether the inference process is running. Sessions live only there, so while it is not
   * running there is nothing to release and no reason to start it.
   */
  get started(): boolean {
    return this.process !== null
  }

  /** Stops the process; runs in flight fail with `engine-crashed`. Not a crash: no restart delay. */
  async dispose(): Promise<void> {
    const engine = this.process
    this.process = null
    await engine?.kill()
  }

  private ensureProcess(): EngineProcess {
    if (this.process) return this.process
    const setup = this.setup()
    const engine: EngineProcess = this.spawn(
      {
        message: (message) => this.receive(message),
        exit: (reason) => this.crash(engine, reason),
      },
      setup,
    )
    engine.hold(false)
    this.process = engine
    this.processSetup = setup
    this.sendSettings(engine)
    return engine
  }

  private setup(): EngineProcessSetup {
    return { hugePages: (this.settings ?? ENGINE_SETTINGS_DEFAULTS).hugePages }
  }

  /** Sends the settings as a run nobody waits for: messages arrive in order, so every later run sees them. */
  private sendSettings(engine: EngineProcess): void {
    if (this.settings) engine.send({ type: 'run', id: this.nextId++, method: 'runtime.configure' satisfies EngineMethodName, params: this.settings })
  }

  private receive(message: FromEngine): void {
    const run = this.pending.get(message.id)
    if (!run) return
    if (message.type === 'event') return run.onEvent?.(message.event)
    // A run came back: this process works.
    this.crashesInARow = 0
    if (message.type === 'result') run.resolve(message.value)
    else run.reject(fromErrorData(message.error))
  }

  private crash(engine: EngineProcess, reason: string): void {
    if (this.process === engine) {
      this.process = null
      this.crashesInARow += 1
      this.restartAt = performance.now() + restartDelayMs(this.crashesInARow)
    }
    const runs = [...this.pending.values()].filter((run) => run.engine === engine)
    for (const run of runs) {
      run.reject(new ContractError('engine-crashed', `The inference engine stopped (${reason}); it will restart on the next run.`))
    }
  }
}

/** Whether a process started with `running` is one that `wanted` would start. */
function sameSetup(running: EngineProcessSetup | null, wanted: EngineProcessSetup): boolean {
  return running !== null && (Object.keys(wanted) as (keyof EngineProcessSetup)[]).every((key) => running[key] === wanted[key])
}
