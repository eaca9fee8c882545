import type { ContractErrorData } from '../errors'
import type { JobKind } from './jobs'
import type { ActivePacks } from './packs'

/** Every event the studio pushes to its clients, with its payload. */
export interface ContractEvents {
  'job.started': { jobId: string; kind: JobKind; title: string }
  /** Newly sampled text, in order; the concatenation of all tokens is the generated text. */
  'job.token': { jobId: string; text: string; index: number }
  'job.progress': {
    jobId: string
    stage: string
    step: number
    total: number
    /** A small PNG preview as a data: URL, where the stage has one. */
    preview?: string
    /** Free-form figures for the stage (bytes, rate, ETA). */
    detail?: Record<string, number | string>
  }
  'job.done': { jobId: string; result: unknown }
  'job.failed': { jobId: string; error: ContractErrorData }
  'packs.changed': { active: ActivePacks }
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
] as const satisfies readonly EventName[]
