import { z } from 'zod'
import { defineCall } from './define'

export const ProjectId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)

/** What a person has written and chosen; saved atomically in the data folder. */
export const ProjectDocument = z.strictObject({
  title: z.string().max(500),
  story: z.string().max(2_000_000),
  style: z.string().max(64).optional(),
})
export type ProjectDocument = z.infer<typeof ProjectDocument>

export interface ProjectSummary {
  id: string
  title: string
  savedAt: string
  /** The file does not read as a project: it can be neither opened nor saved over (saving keeps a copy). */
  damaged?: boolean
}

export const projectsCalls = {
  'projects.list': defineCall<ProjectSummary[]>()(z.strictObject({}), 'Saved projects, newest first.'),
  'projects.load': defineCall<{ id: string; document: ProjectDocument; savedAt: string; readOnly: boolean }>()(
    z.strictObject({ id: ProjectId }),
    'Open a saved project.',
  ),
  'projects.save': defineCall<ProjectSummary>()(
    z.strictObject({ id: ProjectId, document: ProjectDocument }),
    'Save a project atomically (temp file, fsync, rename).',
  ),
}
