/**
 * How much text fits in a box, without a browser: line breaking is simulated with glyph widths
 * that are the widest of the fonts the book's stacks name (DejaVu, Liberation, Noto CJK), plus a
 * margin, so the estimate errs towards emptier pages and text is never clipped.
 */

/** Advance widths of ASCII 32..126 in hundredths of an em: the maximum over the stacks' fonts. */
const ASCII_WIDTHS =
  '32 40 47 84 64 95 89 28 39 39 50 84 33 36 33 39 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 56 102 72 73 77 80 73 69 80 87 40 53 75 66 102 88 82 67 82 75 69 67 84 72 105 72 72 69 39 39 39 84 56 61 61 64 56 64 62 39 64 66 33 31 61 33 97 66 61 64 64 48 52 40 65 59 86 59 59 53 64 34 64 84'
    .split(' ')
    .map((hundredths) => Number(hundredths) / 100)

/** Widths are scaled up by this much, and one line of each box is kept free, for fonts and rounding this table does not know. */
const WIDTH_MARGIN = 1.04
const SPARE_LINES = 0.5

const FULL_WIDTH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u

/** The width of one character in ems. */
export function characterWidth(character: string): number {
  const code = character.charCodeAt(0)
  if (code >= 32 && code < 127) return ASCII_WIDTHS[code - 32] * WIDTH_MARGIN
  if (FULL_WIDTH.test(character)) return 1 * WIDTH_MARGIN
  // Accented Latin takes its base letter's width ("é" is as wide as "e").
  const base = character.normalize('NFD').charCodeAt(0)
  if (base >= 32 && base < 127) return ASCII_WIDTHS[base - 32] * WIDTH_MARGIN
  if (/[‘’‚‛′]/.test(character)) return 0.4 * WIDTH_MARGIN
  if (/[“”„‟″«»]/.test(character)) return 0.6 * WIDTH_MARGIN
  return 1 * WIDTH_MARGIN
}

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
 * The break opportunities of a paragraph: words with the space after them, and single
 * characters of unspaced scripts (a line may break between any two Chinese characters).
 */
function pieces(paragraph: string): string[] {
  return paragraph.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}][\u3000-\u303f\uff00-\uffef”’」』）》]*|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+\s*|\s+/gu) ?? []
}

function widthOf(text: string): number {
  let width = 0
  for (const character of text) width += characterWidth(character)
  return width
}

/**
 * Fills a box with paragraphs, in order: returns how many whole paragraphs fit and, where the next
 * one had to be cut, the part of it that fits (at a break opportunity). The rest goes on later
 * pages.
 */
export function fillBox(paragraphs: readonly string[], box: Box): { whole: number; partial?: { fits: string; rest: string } } {
  const usable = box.height - SPARE_LINES * box.lineHeight
  let used = 0
  for (let index = 0; index < paragraphs.length; index++) {
    const gap = index === 0 ? 0 : box.paragraphGap
    const lines = lineBreaks(paragraphs[index], box.width)
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

/** Where each line of a paragraph ends (offsets), breaking greedily as a browser does. */
export function lineBreaks(paragraph: string, lineWidth: number): number[] {
  const ends: number[] = []
  let offset = 0
  let line = 0
  for (const piece of pieces(paragraph)) {
    const trailing = piece.length - piece.trimEnd().length
    const visible = widthOf(piece.trimEnd())
    if (line > 0 && line + visible > lineWidth) {
      ends.push(offset)
      line = 0
    }
    if (line === 0 && visible > lineWidth) {
      // A word wider than the line is broken anywhere (overflow-wrap: anywhere).
      for (const character of piece.trimEnd()) {
        const width = characterWidth(character)
        if (line + width > lineWidth && line > 0) {
          ends.push(offset)
          line = 0
        }
        line += width
        offset += character.length
      }
      offset += trailing
      line += widthOf(piece.slice(piece.length - trailing))
      continue
    }
    line += visible + widthOf(piece.slice(piece.length - trailing))
    offset += piece.length
  }
  if (line > 0 || ends.length === 0) ends.push(paragraph.length)
  return ends
}
