import { lineEnds } from './line-breaks'
import type { TextMeasure } from './text-measure'

/**
 * Lines are filled to this share of the box's width and half a line of each box is kept free:
 * room for the sub-pixel rounding of Chromium's layout, so text measured to fit is never clipped.
 */
const WIDTH_SHARE = 0.99
const SPARE_LINES = 0.5

/** A box measured in ems of the text set in it. */
export interface Box {
  /** Line width in ems. */
  width: number
  /** Height in ems. */
  height: number
  lineHeight: number
  paragraphGap: number
}

/**
 * Fills a box with paragraphs, in order: returns how many whole paragraphs fit and, where the next
 * one had to be cut, the part of it that fits (at a line break). The rest goes on later pages.
 */
export function fillBox(paragraphs: readonly string[], box: Box, measure: TextMeasure): { whole: number; partial?: { fits: string; rest: string } } {
  const usable = box.height - SPARE_LINES * box.lineHeight
  let used = 0
  for (let index = 0; index < paragraphs.length; index++) {
    const gap = index === 0 ? 0 : box.paragraphGap
    const lines = lineEnds(paragraphs[index], box.width * WIDTH_SHARE, measure)
    const room = Math.floor((usable - used - gap) / box.lineHeight)
    if (lines.length <= room) {
      used += gap + lines.length * box.lineHeight
      continue
    }
    if (room <= 0) return { whole: index }
    const cut = lines[room - 1]
    return { whole: index, partial: { fits: paragraphs[index].slice(0, cut).trimEnd(), rest: paragraphs[index].slice(cut).trimStart() } }
  }
  return { whole: paragraphs.length }
}
