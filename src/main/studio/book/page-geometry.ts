import { pageSizeMillimetres, type PageSize } from '../../../shared/contract'

/**
 * Every length of a page, in millimetres: the CSS is written from these numbers and the text is
 * cut into pages with them, so what the estimate expects is what Chromium lays out.
 */
export interface PageGeometry {
  width: number
  height: number
  /** Inner margin on every side. */
  margin: number
  /** Body text size. */
  fontSize: number
  /** Line height as a multiple of the font size. */
  lineHeight: number
  /** Space between paragraphs, as a multiple of the font size. */
  paragraphGap: number
  /** Picture-above pages: the picture's box height, and the gap below it. */
  pictureHeight: number
  pictureGap: number
  /** Full-bleed pages: the caption band's padding and the most height its text may take. */
  bandPadding: number
  bandTextHeight: number
}

export const LINE_HEIGHT = 1.45
export const PARAGRAPH_GAP = 0.5

/** The geometry of a page size: margins and type grow with the page, a little slower than it. */
export function pageGeometry(size: PageSize): PageGeometry {
  const { width, height } = pageSizeMillimetres[size]
  const short = Math.min(width, height)
  const margin = round(short * 0.08)
  // 13 pt on A5, about 16 pt on A4: a picture book's type, not a novel's.
  const fontSize = round(4.6 * (short / 148) ** 0.6)
  const contentHeight = height - 2 * margin
  const pictureHeight = round(contentHeight * (height > width * 1.1 ? 0.52 : 0.5))
  const bandPadding = round(margin * 0.6)
  return {
    width,
    height,
    margin,
    fontSize,
    lineHeight: LINE_HEIGHT,
    paragraphGap: PARAGRAPH_GAP,
    pictureHeight,
    pictureGap: round(fontSize * 0.9),
    bandPadding,
    bandTextHeight: round(height * 0.34 - 2 * bandPadding),
  }
}

/** The text box of each kind of page: width and height in millimetres. */
export function textBoxes(geometry: PageGeometry) {
  const contentWidth = geometry.width - 2 * geometry.margin
  const contentHeight = geometry.height - 2 * geometry.margin
  return {
    /** A page of text alone (continuations, the facing text page). */
    full: { width: contentWidth, height: contentHeight },
    /** The text under a picture. */
    underPicture: { width: contentWidth, height: contentHeight - geometry.pictureHeight - geometry.pictureGap },
    /** The caption band over a full-bleed picture. */
    band: { width: contentWidth, height: geometry.bandTextHeight },
  }
}

/** A length in millimetres to a hundredth, enough for print and short in the CSS. */
export function round(millimetres: number): number {
  return Math.round(millimetres * 100) / 100
}
