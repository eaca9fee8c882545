/**
 * Errors cross every boundary (IPC, WebSocket, inference-process messages, the command line) as plain
 * `{code, message, details}` objects. Callers branch on `code`, never on the message text.
 */
export const errorCodes = [
  'invalid-input', // a payload failed its schema, or an option is out of range
  'unknown-call', // no such `domain.verb`
  'forbidden-sender', // IPC from a frame or origin that is not the app's
  'not-found', // a pack, job, project or file that does not exist
  'pack-invalid', // a model pack whose files or signatures do not fit
  'unsupported', // valid input that this build or pack cannot serve
  'cancelled', // the job was cancelled by the person
  'engine-crashed', // the inference process died while running the job
  'io', // a file could not be read or written
  'busy', // a bounded queue is full
  'out-of-memory', // a model run could not allocate the memory it needed
  'internal', // a bug: anything not classified above
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface ContractErrorData {
  code: ErrorCode
  message: string
  details?: unknown
}

/** The one error type thrown by studio code; serialisable with {@link toErrorData}. */
export class ContractError extends Error implements ContractErrorData {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ContractError'
    this.code = code
    this.details = details
  }
}

/** Throws the `cancelled` error once `signal` has been aborted; long work calls it between steps. */
export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ContractError('cancelled', 'Cancelled.')
}

/** Turns anything thrown into the wire form; unknown errors become `internal`. */
export function toErrorData(error: unknown): ContractErrorData {
  if (error instanceof ContractError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details }
  }
  if (isErrorData(error)) return error
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.' }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: message || 'Unexpected error.' }
}

/** Rebuilds a throwable error from its wire form. */
export function fromErrorData(data: ContractErrorData): ContractError {
  return new ContractError(data.code, data.message, data.details)
}

export function isErrorData(value: unknown): value is ContractErrorData {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return (
    typeof candidate.code === 'string' &&
    (errorCodes as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  )
}
