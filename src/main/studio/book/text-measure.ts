import type { BookFont } from '../../../shared/contract'
import { bundledFaces, type BundledFace } from './bundled-fonts'

/** Text widths in ems of the book's body font. */
export interface TextMeasure {
  width(text: string): number
}

/** Chinese, Japanese and Korean characters and their full-width punctuation: one em in every CJK font. */
const FULL_WIDTH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u

/**
 * A character no bundled face has and that is not CJK (emoji, scripts the fonts do not cover)
 * is drawn by whatever system font has it: counted at this width, wider than such glyphs are
 * in common fonts, so a line can only come out shorter than it was measured.
 */
const UNKNOWN_WIDTH = 1.2

/**
 * Measures text as Chromium sets it in the bundled faces: each run of characters one face
 * covers is shaped by that face (kerning and ligatures, as `font-kerning: normal` draws them).
 */
export function bookTextMeasure(font: BookFont): TextMeasure {
  const faces = bundledFaces(font)
  const widths = new Map<string, number>()
  return {
    width(text) {
      let width = widths.get(text)
      if (width === undefined) {
        width = measureRuns(text, faces)
        if (widths.size < 50_000) widths.set(text, width)
      }
      return width
    },
  }
}

function measureRuns(text: string, faces: readonly BundledFace[]): number {
  let width = 0
  let run = ''
  let runFace: BundledFace | null = null
  const flush = () => {
    if (runFace && run) width += runFace.font.layout(run).advanceWidth / runFace.font.unitsPerEm
    run = ''
  }
  for (const character of text) {
    const code = character.codePointAt(0)!
    const face = faces.find((candidate) => candidate.font.hasGlyphForCodePoint(code)) ?? null
    if (face !== runFace) {
      flush()
      runFace = face
    }
    if (face) run += character
    else width += FULL_WIDTH.test(character) ? 1 : UNKNOWN_WIDTH
  }
  flush()
  return width
}
