import type { TextRange } from './segment'

/** Quoted speech: curly, straight, guillemet and CJK corner quotes; an unclosed quote runs to the end. */
const QUOTED = /“[^”]*”?|"[^"]*"?|«[^»]*»?|「[^」]*」?|『[^』]*』?/g

/**
 * The quoted stretches of `text`, as offsets shifted by `offset` (where `text` starts in the
 * story). What characters say is not what a picture shows, and a name inside quotes is often
 * someone being spoken to.
 */
export function quotedRanges(text: string, offset = 0): TextRange[] {
  return [...text.matchAll(QUOTED)].map((match) => ({ start: offset + (match.index ?? 0), end: offset + (match.index ?? 0) + match[0].length }))
}

/** Whether `position` falls inside one of the sorted, non-overlapping `ranges`. */
export function isInside(ranges: readonly TextRange[], position: number): boolean {
  let low = 0
  let high = ranges.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (ranges[middle].end <= position) low = middle + 1
    else high = middle
  }
  return low < ranges.length && ranges[low].start <= position
}
