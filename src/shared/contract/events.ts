import type { ContractErrorData } from '../errors'
import type { JobCall, JobProgress, JobResult } from './calls'
import type { JobKind } from './jobs'
import type { ActivePacks } from './packs'

/** Every event the studio pushes to its clients, with its payload. */
export interface ContractEvents {
  'job.started': { jobId: string; call: JobCall; kind: JobKind; title: string }
  /** Newly sampled text, in order; the concatenation of all tokens is the generated text. */
  'job.token': { jobId: string; text: string; index: number }
  'job.progress': { [K in JobCall]: { jobId: string; call: K } & JobProgress<K> }[JobCall]
  'job.done': { [K in JobCall]: { jobId: string; call: K; result: JobResult<K> } }[JobCall]
  'job.failed': { jobId: string; error: ContractErrorData }
  'packs.changed': { active: ActivePacks }
  /** A project's document changed (an edit, or a job's step); `revision` is the snapshot's new one. */
  'projects.changed': { id: string; revision: number }
}

export type EventName = keyof ContractEvents
export type EventPayload<E extends EventName> = ContractEvents[E]

export const eventNames = [
  'job.started',
  'job.token',
  'job.progress',
  'job.done',
  'job.failed',
  'packs.changed',
  'projects.changed',
] as const satisfies readonly EventName[]
