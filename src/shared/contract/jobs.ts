import { z } from 'zod'

export const JobId = z.string().min(1).max(64)

export type JobKind = 'text' | 'image' | 'book' | 'download' | 'import' | 'optimize'
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
