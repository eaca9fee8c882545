import type { StudioClient } from './client'
import type { CallInput, ContractEvents, EventName, JobCall, JobProgress, JobResult } from './contract'
import { fromErrorData } from './errors'

export interface JobListeners<K extends JobCall> {
  onToken?(event: ContractEvents['job.token']): void
  onProgress?(event: JobProgress<K> & { jobId: string }): void
  /** Cancels the job; it then ends with a `cancelled` error. */
  signal?: AbortSignal
}

const jobEvents: EventName[] = ['job.token', 'job.progress', 'job.done', 'job.failed']

/**
 * Starts a job through any client and resolves with its result (or rejects with its error).
 * Subscribes before the call, because a job can end before the call that started it returns.
 */
export async function runJob<K extends JobCall>(
  client: StudioClient,
  name: K,
  input: CallInput<K>,
  listeners: JobListeners<K> = {},
): Promise<JobResult<K>> {
  let jobId: string | null = null
  const early: [EventName, unknown][] = []
  let settle!: { resolve(value: JobResult<K>): void; reject(error: Error): void }
  const finished = new Promise<JobResult<K>>((resolve, reject) => (settle = { resolve, reject }))

  const handle = (event: EventName, payload: unknown) => {
    if ((payload as { jobId?: string }).jobId !== jobId) return
    // The job id ties these events to call K, whose result and progress types the contract gives.
    if (event === 'job.token') listeners.onToken?.(payload as ContractEvents['job.token'])
    else if (event === 'job.progress') listeners.onProgress?.(payload as JobProgress<K> & { jobId: string })
    else if (event === 'job.done') settle.resolve((payload as { result: JobResult<K> }).result)
    else if (event === 'job.failed') settle.reject(fromErrorData((payload as ContractEvents['job.failed']).error))
  }
  const unsubscribers = jobEvents.map((event) =>
    client.on(event, (payload) => (jobId === null ? early.push([event, payload]) : handle(event, payload))),
  )
  const cancel = () => {
    if (jobId) void client.call('jobs.cancel', { jobId }).catch(() => undefined)
  }
  listeners.signal?.addEventListener('abort', cancel, { once: true })
  try {
    jobId = ((await client.call(name, input)) as { jobId: string }).jobId
    for (const [event, payload] of early.splice(0)) handle(event, payload)
    if (listeners.signal?.aborted) cancel()
    return await finished
  } finally {
    for (const unsubscribe of unsubscribers) unsubscribe()
    listeners.signal?.removeEventListener('abort', cancel)
  }
}
