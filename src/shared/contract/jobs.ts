import { z } from 'zod'
import type { JobCall } from './calls'
import { defineCall } from './define'

export const JobId = z.string().min(1).max(64)

export type JobKind = 'text' | 'image' | 'book' | 'download' | 'import'
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface JobSummary {
  jobId: string
  /** The contract call that started the job. */
  call: JobCall
  kind: JobKind
  state: JobState
  title: string
}

export const jobsCalls = {
  'jobs.cancel': defineCall<{ cancelled: boolean }>()(
    z.strictObject({ jobId: JobId }),
    'Cancel a queued or running job; it ends with job.failed code "cancelled".',
  ),
  'jobs.list': defineCall<JobSummary[]>()(z.strictObject({}), 'List the jobs of this session.'),
}
