import { z } from 'zod'
import { defineCall } from './define'
import type { JobRef } from './jobs'
import { PackId } from './text'

export type PackKind = 'text' | 'image'

/** What the UI and the command line show of a pack. */
export interface PackSummary {
  id: string
  name: string
  version: string
  kind: PackKind
  architecture: string
  bundled: boolean
  active: boolean
  sizeBytes: number
  path: string
}

export interface ActivePacks {
  text: string | null
  image: string | null
}

export const packsCalls = {
  'packs.list': defineCall<PackSummary[]>()(z.strictObject({}), 'Every pack, bundled and installed.'),
  'packs.show': defineCall<PackSummary & { manifest: unknown }>()(
    z.strictObject({ id: PackId }),
    'One pack with its manifest.',
  ),
  'packs.use': defineCall<ActivePacks>()(
    z.strictObject({ id: PackId }),
    'Make a pack the active one of its kind; emits packs.changed.',
  ),
  'packs.import': defineCall<JobRef>()(
    z.strictObject({ path: z.string().min(1).max(4096) }),
    'Import a pack from a folder or a zip; job.done carries the PackSummary.',
  ),
  'packs.download': defineCall<JobRef>()(
    z.strictObject({
      repo: z.string().regex(/^[\w.-]{1,96}\/[\w.-]{1,96}$/),
      revision: z.string().min(1).max(128).default('main'),
      variant: z.enum(['fp32', 'fp16', 'quantized']).optional(),
    }),
    'Download a pack from the model hub; job.progress carries bytes, rate and ETA.',
  ),
  'packs.verify': defineCall<{ ok: boolean; problems: string[] }>()(
    z.strictObject({ id: PackId }),
    'Re-hash a pack and report every file that differs from its manifest.',
  ),
  'packs.remove': defineCall<{ removed: boolean }>()(
    z.strictObject({ id: PackId }),
    'Delete an installed pack (never a bundled one).',
  ),
}
