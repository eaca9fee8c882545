import type { ContractErrorData } from '../../shared/errors'

/**
 * Messages between the studio and the inference process. Every run has an id chosen by the
 * studio; a run ends with exactly one `result` or `error`, after any number of `event`s.
 * Messages are structured clones: typed arrays (pictures, previews) cross as they are.
 */
export type ToEngine =
  | { type: 'run'; id: number; method: string; params: unknown }
  | { type: 'cancel'; id: number }

export type FromEngine =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ContractErrorData }

/** What an engine method gets besides its parameters. */
export interface MethodContext<Event = never> {
  signal: AbortSignal
  /** Sends a progress or token event to the caller of this run. */
  emit(event: Event): void
}

/** The studio's side of one running inference process. */
export interface EngineProcess {
  send(message: ToEngine): void
  /**
   * Whether the process keeps its host alive: yes while runs are in flight, no when idle, so
   * that a command line exits once its work is done without closing the engine first.
   */
  hold(busy: boolean): void
  /** Stops the process; resolves once it is gone. */
  kill(): Promise<void>
}

/** What the studio hears from an inference process. */
export interface EngineProcessListener {
  message(message: FromEngine): void
  /** The process is gone (crashed, killed or exited); `reason` says how, for a person. */
  exit(reason: string): void
}

/** What must be decided before an inference process starts: what it reads once, at start. */
export interface EngineProcessSetup {
  /** Ask glibc for huge pages (see inference-env). */
  hugePages: boolean
}

/**
 * Starts an inference process: a forked Node child under plain Node, an Electron
 * utilityProcess in the app. Both run `engine-process` and speak the messages above.
 */
export type SpawnEngine = (listener: EngineProcessListener, setup: EngineProcessSetup) => EngineProcess
