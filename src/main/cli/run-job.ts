import type { CallInput } from '../../shared/contract'
import type { JobCall, JobResult } from '../../shared/contract'
import { runJob, type JobListeners } from '../../shared/run-job'
import type { Studio } from '../studio/core/studio'

/**
 * Runs `work` with a signal that Ctrl+C aborts, so the job in progress is cancelled (it then
 * fails with `cancelled`) instead of the process dying halfway through a write.
 */
export async function whileInterruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController()
  const onInterrupt = () => interrupt.abort()
  process.once('SIGINT', onInterrupt)
  try {
    return await work(interrupt.signal)
  } finally {
    process.removeListener('SIGINT', onInterrupt)
  }
}

/** Runs a job from the command line; Ctrl+C cancels it. */
export function runCliJob<K extends JobCall>(
  studio: Studio,
  name: K,
  input: CallInput<K>,
  listeners: Omit<JobListeners<K>, 'signal'> = {},
): Promise<JobResult<K>> {
  return whileInterruptible((signal) => runJob(studio, name, input, { ...listeners, signal }))
}
