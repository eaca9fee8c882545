import type { ProjectScene, StorySegment } from '../../../../shared/contract'
import { ContractError } from '../../../../shared/errors'
import { runJob } from '../../../../shared/run-job'
import { pageRanges } from '../../book/from-scenes'
import { newItemId } from '../../projects/item-id'
import type { ProjectSession } from '../../projects/project-session'
import { spliceSegments, storyOf } from '../../projects/story-text'
import type { ProjectWorkDeps } from './project-work'

/** A segment the text pack wrote. */
export type GeneratedSegment = Extract<StorySegment, { origin: 'generated' }>

export interface GenerateOptions {
  maxNewTokens: number
  seed?: number
  pack?: string
  signal?: AbortSignal
  onToken?(text: string): void
}

/**
 * Continues `prompt` with the text pack and returns the new text as a segment that records what
 * made it (pack and file hashes, settings, the seed used), so it can be made again.
 */
export async function generateSegment({ client, packs }: ProjectWorkDeps, prompt: string, options: GenerateOptions): Promise<GeneratedSegment> {
  const pack = await packs.resolve('text', options.pack)
  const settings = { maxNewTokens: options.maxNewTokens, minNewTokens: Math.floor(options.maxNewTokens * 0.75), stopAtSentenceEnd: true, seed: options.seed }
  const result = await runJob(client, 'text.generate', { pack: pack.id, prompt, options: settings }, { signal: options.signal, onToken: ({ text }) => options.onToken?.(text) })
  return {
    id: newItemId('seg'),
    origin: 'generated',
    text: result.text,
    pack: { id: pack.id, files: pack.files ?? [] },
    settings: { ...settings, seed: result.seed },
  }
}

/**
 * Drops the story after offset `at` and continues it from there. Scenes that began after `at`
 * go (their pictures are deleted once the document no longer names them); everything before
 * stays as it was.
 */
export async function continueFrom(deps: ProjectWorkDeps, session: ProjectSession, at: number, options: GenerateOptions): Promise<void> {
  const story = storyOf(session.document)
  if (at > story.length) throw new ContractError('invalid-input', `The story has ${story.length} characters; cannot continue from ${at}.`)
  const segment = await generateSegment(deps, story.slice(0, at), options)
  const dropped = session.document.scenes.filter((scene) => scene.span.end > at)
  await session.commit((document) => ({
    ...document,
    segments: spliceSegments(document.segments, at, storyOf(document).length, [segment]),
    scenes: document.scenes.filter((scene) => scene.span.end <= at),
  }))
  for (const variant of dropped.flatMap((scene) => scene.variants)) await session.folder.deletePicture(variant.id)
}

/**
 * Writes one page's text again: the generated part of the page (the scene's part of the story,
 * as the book cuts it, from its first generated character) is replaced by a new continuation of
 * the story before it, about as long. What the person wrote stays; later scenes keep their text
 * and pictures, their spans moving with the text.
 */
export async function rewritePage(deps: ProjectWorkDeps, session: ProjectSession, sceneId: string, options: Omit<GenerateOptions, 'maxNewTokens'>): Promise<void> {
  const document = session.document
  const story = storyOf(document)
  const scenes = document.scenes.toSorted((a, b) => a.span.start - b.span.start)
  const index = scenes.findIndex((scene) => scene.id === sceneId)
  if (index < 0) throw new ContractError('not-found', `No scene ${sceneId} in this project.`)
  const page = pageRanges(story, scenes.map((scene) => scene.span))[index]
  const generatedStart = firstGeneratedOffset(document.segments, page.start, page.end)
  if (generatedStart === null) throw new ContractError('invalid-input', 'This page holds only text you wrote; edit it instead.')
  const old = story.slice(generatedStart, page.end)
  // Keep the page's trailing spaces (the paragraph break before the next page) where they were.
  const start = generatedStart
  const end = page.end - (old.length - old.trimEnd().length)
  // About four characters per token in English prose.
  const maxNewTokens = Math.max(8, Math.min(1024, Math.ceil((end - start) / 4)))
  const written = await generateSegment(deps, story.slice(0, start), { ...options, maxNewTokens })
  const shift = written.text.length - (end - start)
  await session.commit((current) => ({
    ...current,
    segments: spliceSegments(current.segments, start, end, [written]),
    scenes: current.scenes.map((scene): ProjectScene => {
      if (scene.id === sceneId) return { ...scene, span: { start: Math.min(scene.span.start, start), end: Math.max(Math.min(scene.span.start, start), end + shift) } }
      return scene.span.start >= end ? { ...scene, span: { start: scene.span.start + shift, end: scene.span.end + shift } } : scene
    }),
  }))
}

/** Where the first generated segment starts inside [start, end), or null when none does. */
function firstGeneratedOffset(segments: readonly StorySegment[], start: number, end: number): number | null {
  let offset = 0
  for (const segment of segments) {
    const segmentEnd = offset + segment.text.length
    if (segment.origin === 'generated' && segmentEnd > start && offset < end) return Math.max(offset, start)
    offset = segmentEnd
  }
  return null
}
