import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'
import type { BookFont } from '../../../shared/contract'

/**
 * The Latin fonts every book is set in, shipped with the app (SIL Open Font License, from the
 * Fontsource packages): Literata, a serif drawn for long reading on screens and paper, and
 * Andika, a sans drawn for children learning to read. The same files measure the text here and
 * draw it in the HTML, so a page holds the same lines on every machine, whatever fonts it has.
 * CJK glyphs are one em wide in every CJK font, so those stay system fonts (Noto CJK and kin).
 */
const FAMILIES: Record<BookFont, { package: string; file: string; family: string }> = {
  serif: { package: '@fontsource/literata', file: 'literata', family: 'Taleweaver Literata' },
  sans: { package: '@fontsource/andika', file: 'andika', family: 'Taleweaver Andika' },
}

/** The scripts each face covers (Fontsource splits a family by script); the order is the lookup order. */
const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'] as const

/** Body text, author line (italic) and cover title (bold). */
export const FACE_STYLES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
] as const

export type FaceStyle = (typeof FACE_STYLES)[number]

export interface BundledFace {
  family: string
  weight: number
  style: 'normal' | 'italic'
  subset: string
  /** The WOFF2 file, as the HTML embeds it. */
  bytes: Buffer
  font: fontkit.Font
  /** The code points the file has glyphs for, as CSS unicode-range ranges. */
  unicodeRanges: [number, number][]
}

// Not named `require`: the main bundle's ESM shim declares one at its top.
const resolveFromHere = createRequire(import.meta.url)
const cache = new Map<string, BundledFace[]>()

/** Every bundled face of a book font and style, one per script subset the family ships. */
export function bundledFaces(font: BookFont, face: FaceStyle = FACE_STYLES[0]): BundledFace[] {
  const key = `${font}/${face.weight}/${face.style}`
  const cached = cache.get(key)
  if (cached) return cached
  const { package: packageName, file, family } = FAMILIES[font]
  const faces: BundledFace[] = []
  for (const subset of SUBSETS) {
    let path: string
    try {
      path = resolveFromHere.resolve(`${packageName}/files/${file}-${subset}-${face.weight}-${face.style}.woff2`)
    } catch {
      continue // this family does not cover that script
    }
    const bytes = readFileSync(path)
    const parsed = fontkit.create(bytes)
    if (!('characterSet' in parsed)) throw new Error(`${path} is a font collection, not one font.`)
    faces.push({ family, weight: face.weight, style: face.style, subset, bytes, font: parsed, unicodeRanges: toRanges(parsed.characterSet) })
  }
  if (faces.length === 0) throw new Error(`The bundled ${font} font is missing (${packageName}); reinstall the app's dependencies.`)
  cache.set(key, faces)
  return faces
}

/** The CSS family name under which a book font's bundled faces are declared. */
export function bundledFamily(font: BookFont): string {
  return FAMILIES[font].family
}

/** Sorted code points to inclusive ranges. */
function toRanges(codePoints: readonly number[]): [number, number][] {
  const sorted = [...codePoints].sort((a, b) => a - b)
  const ranges: [number, number][] = []
  for (const code of sorted) {
    const last = ranges.at(-1)
    if (last && code <= last[1] + 1) last[1] = Math.max(last[1], code)
    else ranges.push([code, code])
  }
  return ranges
}
