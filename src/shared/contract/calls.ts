import { z } from 'zod'
import { bookCalls } from './book'
import { defineCall, type CallSpec, type JobCallSpec, type JobProgressUpdate } from './define'
import { imageCalls } from './image'
import { JobId, type JobKind, type JobState } from './jobs'
import { packsCalls } from './packs'
import { projectsCalls } from './projects'
import { scenesCalls } from './scenes'
import { settingsCalls } from './settings'
import { textCalls } from './text'

/** One job of this session; jobs concern every other call, so they are defined beside the map. */
export interface JobSummary {
  jobId: string
  /** The contract call that started the job. */
  call: JobCall
  kind: JobKind
  state: JobState
  title: string
}

const jobsCalls = {
  'jobs.cancel': defineCall<{ cancelled: boolean }>()(
    z.strictObject({ jobId: JobId }),
    'Cancel a queued or running job; it ends with job.failed code "cancelled".',
  ),
  'jobs.list': defineCall<JobSummary[]>()(z.strictObject({}), 'List the jobs of this session.'),
}

/**
 * The whole contract between the UI (or any client) and the studio: `domain.verb` calls with
 * an input schema the receiver parses. Every transport (IPC, WebSocket, direct) serves this map.
 */
export const contract = {
  ...textCalls,
  ...imageCalls,
  ...scenesCalls,
  ...bookCalls,
  ...packsCalls,
  ...jobsCalls,
  ...projectsCalls,
  ...settingsCalls,
} as const

export type Contract = typeof contract
export type CallName = keyof Contract
export const callNames = Object.keys(contract) as CallName[]

type SpecOf<K extends CallName> = Contract[K]
/** What a caller passes (before defaults are applied). */
export type CallInput<K extends CallName> = z.input<SpecOf<K>['input']>
/** What the handler receives (after parsing). */
export type ParsedInput<K extends CallName> = z.output<SpecOf<K>['input']>
export type CallOutput<K extends CallName> = SpecOf<K> extends CallSpec<z.ZodType, infer O> ? O : never

/** Calls that start a job (answer `{jobId}`, then report through `job.*` events). */
export type JobCall = { [K in CallName]: Contract[K] extends { job: true } ? K : never }[CallName]
/** What `job.done` carries for a job call. */
export type JobResult<K extends JobCall> = Contract[K] extends JobCallSpec<z.ZodType, infer R, JobProgressUpdate> ? R : never
/** What `job.progress` carries (less the job id) for a job call. */
export type JobProgress<K extends JobCall> = Contract[K] extends JobCallSpec<z.ZodType, unknown, infer P> ? P : never

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

