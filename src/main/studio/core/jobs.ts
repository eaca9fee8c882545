import { randomUUID } from 'node:crypto'
import type { ContractEvents, JobCall, JobKind, JobProgress, JobResult, JobState, JobSummary } from '../../../shared/contract'
import { ContractError, toErrorData } from '../../../shared/errors'
import type { EventBus } from './event-bus'

/** What a running job may report; the manager adds the job id. */
export interface JobContext<K extends JobCall> {
  signal: AbortSignal
  token(text: string, index: number): void
  progress(update: JobProgress<K>): void
}

export interface JobSpec<K extends JobCall> {
  kind: JobKind
  title: string
  /** Jobs of one lane run one at a time, in order (e.g. every inference job shares a lane). */
  lane: string
  run(context: JobContext<K>): Promise<JobResult<K>>
}

interface JobRecord {
  summary: JobSummary
  controller: AbortController
}

/** Most jobs waiting in one lane; past it a new job is refused with `busy`. */
const MAX_QUEUED_PER_LANE = 32

/**
 * Runs long operations as jobs: each gets an id at once, reports through job.* events, and ends
 * in exactly one final state (done, failed or cancelled), announced by exactly one final event.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>()
  private readonly lanes = new Map<string, { tail: Promise<void>; waiting: number }>()

  constructor(private readonly events: EventBus) {}

  /** Queues a job for contract call `call`; its events carry the call's own result and progress types. */
  start<K extends JobCall>(call: K, spec: JobSpec<K>): { jobId: string } {
    const lane = this.lanes.get(spec.lane) ?? { tail: Promise.resolve(), waiting: 0 }
    if (lane.waiting >= MAX_QUEUED_PER_LANE) {
      throw new ContractError('busy', `Too many ${spec.kind} jobs are waiting; try again when some finish.`)
    }
    const jobId = randomUUID()
    const record: JobRecord = {
      summary: { jobId, call, kind: spec.kind, state: 'queued', title: spec.title },
      controller: new AbortController(),
    }
    this.jobs.set(jobId, record)
    this.events.emit('job.started', { jobId, call, kind: spec.kind, title: spec.title })
    lane.waiting += 1
    // The tail never rejects, so one job's failure cannot stall the jobs queued behind it.
    lane.tail = lane.tail
      .then(async () => {
        lane.waiting -= 1
        await this.execute(call, record, spec)
      })
      .catch((error) => console.error('taleweaver: job lane error:', error))
    this.lanes.set(spec.lane, lane)
    return { jobId }
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId)
    if (!record) throw new ContractError('not-found', `No job ${jobId}.`)
    if (isFinal(record.summary.state)) return false
    record.controller.abort()
    return true
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((record) => ({ ...record.summary }))
  }

  /** Resolves when every lane is idle (tests, and the command line before it exits). */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.tail))
  }

  private async execute<K extends JobCall>(call: K, record: JobRecord, spec: JobSpec<K>): Promise<void> {
    const { jobId } = record.summary
    const { signal } = record.controller
    if (signal.aborted) return this.finish(record, 'cancelled')
    record.summary.state = 'running'
    // A payload built for the generic K is one member of the events' per-call unions.
    const context: JobContext<K> = {
      signal,
      token: (text, index) => {
        if (!signal.aborted) this.events.emit('job.token', { jobId, text, index })
      },
      progress: (update) => {
        if (!signal.aborted) this.events.emit('job.progress', { jobId, call, ...update } as ContractEvents['job.progress'])
      },
    }
    let result: JobResult<K>
    try {
      result = await spec.run(context)
    } catch (error) {
      if (signal.aborted) return this.finish(record, 'cancelled')
      record.summary.state = 'failed'
      this.events.emit('job.failed', { jobId, error: toErrorData(error) })
      return
    }
    if (signal.aborted) return this.finish(record, 'cancelled')
    record.summary.state = 'done'
    this.events.emit('job.done', { jobId, call, result } as ContractEvents['job.done'])
  }

  private finish(record: JobRecord, state: 'cancelled'): void {
    record.summary.state = state
    this.events.emit('job.failed', {
      jobId: record.summary.jobId,
      error: { code: 'cancelled', message: 'Cancelled.' },
    })
  }
}

function isFinal(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled'
}
