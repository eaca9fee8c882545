import type { CallInput } from '../../shared/contract'
import { runJob, type JobCall, type JobListeners } from '../../shared/run-job'
import type { Studio } from '../studio/studio'

/**
 * Runs a job from the command line: Ctrl+C cancels the job (it then fails with `cancelled`)
 * instead of killing the process halfway through a write.
 */
export async function runCliJob<K extends JobCall>(
  studio: Studio,
  name: K,
  input: CallInput<K>,
  listeners: Omit<JobListeners, 'signal'> = {},
): Promise<unknown> {
  const interrupt = new AbortController()
  const onInterrupt = () => interrupt.abort()
  process.once('SIGINT', onInterrupt)
  try {
    return await runJob(studio, name, input, { ...listeners, signal: interrupt.signal })
  } finally {
    process.removeListener('SIGINT', onInterrupt)
  }
}
