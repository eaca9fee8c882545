import type { PackSummary } from '../../src/shared/contract'

export function pack(id: string, kind: 'text' | 'image', extra: Partial<PackSummary> = {}): PackSummary {
  return {
    id, name: `Pack ${id}`, version: '1.0.0', licence: 'MIT', kind, architecture: kind === 'text' ? 'gpt2' : 'sd15',
    bundled: false, active: false, sizeBytes: 3 * 1024 * 1024, path: `/packs/${id}`, ...extra,
  }
}

export const PACKS = [
  pack('story', 'text', { active: true, bundled: true }),
  pack('pictures', 'image', { active: true, bundled: true }),
  pack('inky', 'image'),
]
