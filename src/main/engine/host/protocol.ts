import type { ContractErrorData } from '../../../shared/errors'

/**
 * Messages between the studio and the inference worker. Every run has an id chosen by the
 * studio; a run ends with exactly one `result` or `error`, after any number of `event`s.
 */
export type ToEngine =
  | { type: 'run'; id: number; method: string; params: unknown }
  | { type: 'cancel'; id: number }

export type FromEngine =
  | { type: 'event'; id: number; event: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: ContractErrorData }

/** What an engine method gets besides its parameters. */
export interface MethodContext {
  signal: AbortSignal
  /** Sends a progress or token event to the caller of this run. */
  emit(event: unknown): void
}

export type EngineMethod = (params: never, context: MethodContext) => Promise<unknown>
