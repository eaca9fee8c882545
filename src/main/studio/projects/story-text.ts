import type { Span, StorySegment } from '../../../shared/contract'
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

/** Where a new story differs from the old: the old text from `start` to `removedEnd` became `inserted`. */
export interface StoryChange {
  start: number
  removedEnd: number
  inserted: string
}

/** The one replaced run between the common start and the common end of two stories. */
export function storyChange(old: string, story: string): StoryChange {
  let start = 0
  while (start < old.length && start < story.length && old[start] === story[start]) start++
  let tail = 0
  while (tail < old.length - start && tail < story.length - start && old[old.length - 1 - tail] === story[story.length - 1 - tail]) tail++
  return { start, removedEnd: old.length - tail, inserted: story.slice(start, story.length - tail) }
}

/** The story replaced by `story` as the person wrote it: the common start and end keep their segments. */
export function setStory(segments: StorySegment[], change: StoryChange): StorySegment[] {
  const { start, removedEnd, inserted } = change
  return spliceSegments(segments, start, removedEnd, inserted === '' ? [] : [{ id: newItemId('seg'), origin: 'person', text: inserted }])
}

/**
 * A span of the old story moved onto the new one: offsets before the change stay, offsets after
 * it shift by the length it gained or lost, and offsets inside the replaced run go to its edges
 * (a scene whose text was rewritten covers the new text; text inserted just before a scene stays
 * out of it), so a scene always lies in the story.
 */
export function shiftSpan(span: Span, change: StoryChange): Span {
  const { start, removedEnd, inserted } = change
  const after = (offset: number): number => offset + inserted.length - (removedEnd - start)
  return {
    start: span.start < start ? span.start : span.start >= removedEnd ? after(span.start) : start,
    end: span.end <= start ? span.end : span.end >= removedEnd ? after(span.end) : start + inserted.length,
  }
}
