import type { z } from 'zod'

/** What every job call returns at once; the work then reports through `job.*` events. */
export interface JobRef {
  jobId: string
}

/**
 * One call of the contract: the input schema the receiver parses, and the output type the
 * caller gets back. The output is a type only: it is produced by our own code, never parsed.
 */
export interface CallSpec<Input extends z.ZodType, Output> {
  readonly input: Input
  /** Phantom field that carries the output type; always undefined at run time. */
  readonly output?: Output
  readonly summary: string
}

/**
 * A call that starts a job: it answers `{jobId}` at once, then reports `job.progress` updates
 * of type Progress (and `job.token` for text) and ends with `job.done` carrying Result.
 */
export interface JobCallSpec<Input extends z.ZodType, Result, Progress extends JobProgressUpdate> extends CallSpec<Input, JobRef> {
  readonly job: true
  /** Phantom fields that carry the job's result and progress types. */
  readonly result?: Result
  readonly progress?: Progress
}

/** One progress report of a job: a stage, a step out of a total, and stage-specific figures. */
export interface JobProgressUpdate<Stage extends string = string, Detail = Record<string, number | string>> {
  stage: Stage
  step: number
  total: number
  /** A small PNG preview as a data: URL, where the stage has one. */
  preview?: string
  detail?: Detail
}

export function defineCall<Output>() {
  return <Input extends z.ZodType>(input: Input, summary: string): CallSpec<Input, Output> => ({
    input,
    summary,
  })
}

export function defineJob<Result, Progress extends JobProgressUpdate = JobProgressUpdate>() {
  return <Input extends z.ZodType>(input: Input, summary: string): JobCallSpec<Input, Result, Progress> => ({
    input,
    summary,
    job: true,
  })
}
