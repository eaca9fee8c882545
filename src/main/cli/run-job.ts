import type { CallInput, ContractEvents } from '../../shared/contract'
import { fromErrorData } from '../../shared/errors'
import type { Studio } from '../studio/studio'

type JobCall = 'text.generate' | 'image.render' | 'book.export' | 'packs.import' | 'packs.download'

export interface JobListeners {
  onToken?(event: ContractEvents['job.token']): void
  onProgress?(event: ContractEvents['job.progress']): void
}

/**
 * Starts a job and waits for its one final event. Ctrl+C cancels the job (it then fails with
 * `cancelled`) instead of killing the process halfway through a write.
 */
export async function runJob<K extends JobCall>(
  studio: Studio,
  name: K,
  input: CallInput<K>,
  listeners: JobListeners = {},
): Promise<unknown> {
  let jobId: string | null = null
  let settle: { resolve(value: unknown): void; reject(error: Error): void } | null = null
  const finished = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }))
  // A job can end before the call that started it returns: hold events until its id is known.
  const early: [string, unknown][] = []
  const handle = (event: string, payload: unknown) => {
    if ((payload as { jobId?: string }).jobId !== jobId) return
    if (event === 'job.token') listeners.onToken?.(payload as ContractEvents['job.token'])
    else if (event === 'job.progress') listeners.onProgress?.(payload as ContractEvents['job.progress'])
    else if (event === 'job.done') settle?.resolve((payload as ContractEvents['job.done']).result)
    else if (event === 'job.failed') settle?.reject(fromErrorData((payload as ContractEvents['job.failed']).error))
  }
  const unsubscribe = studio.events.subscribe((event, payload) =>
    jobId === null ? early.push([event, payload]) : handle(event, payload),
  )
  const onInterrupt = () => {
    if (jobId) studio.jobs.cancel(jobId)
  }
  process.once('SIGINT', onInterrupt)
  try {
    jobId = ((await studio.call(name, input as never)) as { jobId: string }).jobId
    for (const [event, payload] of early.splice(0)) handle(event, payload)
    return await finished
  } finally {
    unsubscribe()
    process.removeListener('SIGINT', onInterrupt)
  }
}
