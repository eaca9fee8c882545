import type { Ref } from 'vue'
import { isErrorData } from '../../shared/errors'

/** The message to show a person, or null for a cancellation they asked for themselves. */
export function errorMessage(failure: unknown): string | null {
  if (isErrorData(failure)) return failure.code === 'cancelled' ? null : failure.message
  return failure instanceof Error ? failure.message : String(failure)
}

/**
 * A store's way to run an action: its failure is shown in `error` (cleared once an attempt
 * works), so actions never throw at the view and a message stays until the next success.
 */
export function attemptInto(error: Ref<string | null>): (action: () => Promise<void>) => Promise<void> {
  return async (action) => {
    try {
      await action()
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }
}
