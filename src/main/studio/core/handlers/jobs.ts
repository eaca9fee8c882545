import type { Handlers } from '../handlers'
import type { StudioDeps } from '../deps'

export function createJobsHandlers({ jobs }: StudioDeps): Pick<Handlers, 'jobs.cancel' | 'jobs.list'> {
  return {
    'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'jobs.list': async () => jobs.list(),
  }
}
