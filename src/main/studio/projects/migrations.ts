import { PROJECT_FORMAT_VERSION, stylePresets, type ProjectDocument } from '../../../shared/contract'

/**
 * Ordered migrations: `migrations[v]` turns a version-v document into a version-(v+1) one. Each
 * takes the older shape as it was written (checked by its own schema later, once current), so a
 * file from any earlier Taleweaver opens.
 */
const migrations: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 held the title, the story as one text and a style; nothing else was kept.
  1: (document) => {
    const story = typeof document.story === 'string' ? document.story : ''
    const style = (stylePresets as readonly unknown[]).includes(document.style) ? document.style : 'watercolor'
    const migrated: ProjectDocument = {
      title: typeof document.title === 'string' ? document.title : '',
      style: style as ProjectDocument['style'],
      segments: story === '' ? [] : [{ id: 'written', origin: 'person', text: story }],
      characters: [],
      scenes: [],
      book: { size: 'a5', layout: 'picture-above', font: 'serif' },
    }
    return migrated
  },
}

/** Brings a document of `formatVersion` up to today's version; newer ones are returned as they are. */
export function migrateDocument(formatVersion: number, document: unknown): unknown {
  let current = document
  for (let version = formatVersion; version < PROJECT_FORMAT_VERSION; version++) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return current
    current = migrations[version](current as Record<string, unknown>)
  }
  return current
}
