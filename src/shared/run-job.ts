import type { StudioClient } from './client'
import type { CallInput, CallName, CallOutput, ContractEvents, EventName, JobRef } from './contract'
import { fromErrorData } from './errors'

/** Calls that start a job and answer `{jobId}`, read off the contract so a new one joins by itself. */
export type JobCall = { [K in CallName]: CallOutput<K> extends JobRef ? K : never }[CallName]

export interface JobListeners {
  onToken?(event: ContractEvents['job.token']): void
  onProgress?(event: ContractEvents['job.progress']): void
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
  listeners: JobListeners = {},
): Promise<unknown> {
  let jobId: string | null = null
  const early: [EventName, unknown][] = []
  let settle!: { resolve(value: unknown): void; reject(error: Error): void }
  const finished = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }))

  const handle = (event: EventName, payload: unknown) => {
    if ((payload as { jobId?: string }).jobId !== jobId) return
    if (event === 'job.token') listeners.onToken?.(payload as ContractEvents['job.token'])
    else if (event === 'job.progress') listeners.onProgress?.(payload as ContractEvents['job.progress'])
    else if (event === 'job.done') settle.resolve((payload as ContractEvents['job.done']).result)
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
