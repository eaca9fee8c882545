import { isErrorData } from '../../shared/errors'

/** The message to show a person, or null for a cancellation they asked for themselves. */
export function errorMessage(failure: unknown): string | null {
  if (isErrorData(failure)) return failure.code === 'cancelled' ? null : failure.message
  return failure instanceof Error ? failure.message : String(failure)
}
