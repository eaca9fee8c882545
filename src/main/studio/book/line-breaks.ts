import LineBreaker from 'linebreak'
import type { TextMeasure } from './text-measure'

/**
 * Where each line of a paragraph ends (offsets into it), breaking greedily as a browser does at
 * the break opportunities of Unicode's line breaking algorithm (UAX #14). Those already keep
 * closing punctuation (。，、」）！？) off the start of a line and opening punctuation (「（)
 * off its end. Spaces at the end of a line take no room, as CSS hangs them; a word wider than
 * the line is broken between characters (`overflow-wrap: anywhere`).
 */
export function lineEnds(paragraph: string, lineWidth: number, measure: TextMeasure): number[] {
  const ends: number[] = []
  let lineStart = 0
  let lineWidthSoFar = 0
  for (const [start, end] of segments(paragraph)) {
    const segment = paragraph.slice(start, end)
    const visible = segment.trimEnd()
    const visibleWidth = measure.width(visible)
    if (start > lineStart && lineWidthSoFar + visibleWidth > lineWidth) {
      ends.push(start)
      lineStart = start
      lineWidthSoFar = 0
    }
    if (start === lineStart && visibleWidth > lineWidth) {
      // Too wide for any line: character by character, as overflow-wrap: anywhere breaks it.
      let offset = start
      for (const character of visible) {
        const width = measure.width(character)
        if (offset > lineStart && lineWidthSoFar + width > lineWidth) {
          ends.push(offset)
          lineStart = offset
          lineWidthSoFar = 0
        }
        lineWidthSoFar += width
        offset += character.length
      }
      lineWidthSoFar += measure.width(segment.slice(visible.length))
      continue
    }
    lineWidthSoFar += measure.width(segment)
  }
  ends.push(paragraph.length)
  return ends
}

/** The unbreakable pieces of a paragraph, each with the spaces after it. */
function* segments(paragraph: string): Generator<[number, number]> {
  const breaks = new Set<number>()
  const breaker = new LineBreaker(paragraph)
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) breaks.add(next.position)
  for (const position of eastAsianQuoteBreaks(paragraph)) breaks.add(position)
  let start = 0
  for (const position of [...breaks].sort((a, b) => a - b)) {
    if (position > start) yield [start, position]
    start = position
  }
}

const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u

/**
 * Breaks around quotation marks between East Asian characters, which the linebreak package's
 * older rules forbid but Unicode 15.1 (rule LB19a) and Chromium allow: before an opening mark
 * (“‘) and after a closing one (”’). Never after an opening or before a closing mark, so a
 * quotation mark never ends up alone at the wrong end of a line.
 */
function* eastAsianQuoteBreaks(paragraph: string): Generator<number> {
  for (let index = 1; index < paragraph.length - 1; index++) {
    const [before, mark, after] = [paragraph[index - 1], paragraph[index], paragraph[index + 1]]
    if (!EAST_ASIAN.test(before) || !EAST_ASIAN.test(after)) continue
    if (mark === '“' || mark === '‘') yield index
    if (mark === '”' || mark === '’') yield index + 1
  }
}
