import type { StorySegment } from '../../../shared/contract'
import { newItemId } from './item-id'

/** The whole story: the segments joined in order. */
export function storyOf(document: { segments: readonly StorySegment[] }): string {
  return document.segments.map((segment) => segment.text).join('')
}

/**
 * The segments with the story's text from offset `start` to `end` replaced by `inserted`:
 * segments wholly before or after keep their text and origin; the ones cut keep their part
 * outside the range. Empty leftovers go.
 */
export function spliceSegments(segments: readonly StorySegment[], start: number, end: number, inserted: StorySegment[]): StorySegment[] {
  const before: StorySegment[] = []
  const after: StorySegment[] = []
  let offset = 0
  for (const segment of segments) {
    const segmentStart = offset
    const segmentEnd = offset + segment.text.length
    offset = segmentEnd
    if (segmentStart < start) before.push({ ...segment, text: segment.text.slice(0, Math.min(segment.text.length, start - segmentStart)) })
    if (segmentEnd > end) after.push({ ...segment, id: segmentStart < end && segmentStart < start ? newItemId('seg') : segment.id, text: segment.text.slice(Math.max(0, end - segmentStart)) })
  }
  return [...before, ...inserted, ...after].filter((segment) => segment.text !== '')
}

/** The story replaced by `story` as the person wrote it: the common start and end keep their segments. */
export function setStory(segments: StorySegment[], story: string): StorySegment[] {
  const old = storyOf({ segments })
  let start = 0
  while (start < old.length && start < story.length && old[start] === story[start]) start++
  let tail = 0
  while (tail < old.length - start && tail < story.length - start && old[old.length - 1 - tail] === story[story.length - 1 - tail]) tail++
  const inserted = story.slice(start, story.length - tail)
  return spliceSegments(segments, start, old.length - tail, inserted === '' ? [] : [{ id: newItemId('seg'), origin: 'person', text: inserted }])
}
