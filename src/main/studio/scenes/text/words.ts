import type { TextRange } from './segment'

/** A word of the story with its offsets; `lower` is its lowercase form for lookups. */
export interface Word extends TextRange {
  text: string
  lower: string
}

/** Letters and digits, with inner apostrophes and hyphens ("Red-Cap", "don't"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu
/** Han and kana: scripts that put no spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u
const UNSPACED_PIECES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu

/**
 * The words of `text[range]`, in order. Han and kana come one character per word: those scripts
 * have no spaces, and the lexicons find their words by substring instead.
 */
export function wordsIn(text: string, range: TextRange = { start: 0, end: text.length }): Word[] {
  const slice = text.slice(range.start, range.end)
  const words: Word[] = []
  for (const match of slice.matchAll(WORD)) {
    const start = range.start + (match.index ?? 0)
    // Han and kana are above U+2E80: most words need no script test at all.
    if (!hasHighCharacter(match[0]) || !UNSPACED.test(match[0])) {
      words.push({ text: match[0], lower: match[0].toLowerCase(), start, end: start + match[0].length })
      continue
    }
    for (const piece of match[0].matchAll(UNSPACED_PIECES)) {
      const pieceStart = start + (piece.index ?? 0)
      words.push({ text: piece[0], lower: piece[0].toLowerCase(), start: pieceStart, end: pieceStart + piece[0].length })
    }
  }
  return words
}

function hasHighCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) >= 0x2e80) return true
  return false
}

/** Whether a character belongs to a script written without spaces between words. */
export function isUnspaced(character: string): boolean {
  return UNSPACED.test(character)
}

/**
 * Reading length in "words": spaced words count one each; unspaced scripts count one word per
 * 1.5 characters (the average length of a Chinese word), so "one scene per 120 words" holds
 * across languages.
 */
export function countWords(words: readonly Word[]): number {
  let spaced = 0
  let unspaced = 0
  for (const word of words) {
    if (isUnspaced(word.text)) unspaced++
    else spaced++
  }
  return spaced + unspaced / 1.5
}

/** Whether most letters of the text are in unspaced scripts (Chinese, Japanese). */
export function isMostlyUnspaced(text: string): boolean {
  let unspaced = 0
  let letters = 0
  for (const character of text.slice(0, 20_000)) {
    if (!/\p{L}/u.test(character)) continue
    letters++
    if (isUnspaced(character)) unspaced++
  }
  return letters > 0 && unspaced * 2 > letters
}

/** Whether the text reads as Chinese: mostly Han letters, and no kana (which would make it Japanese). */
export function isMostlyChinese(text: string): boolean {
  return isMostlyUnspaced(text) && !/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text.slice(0, 20_000))
}

/** A word without its possessive ending ("witch's" -> "witch"), for lookups. */
export function withoutPossessive(lower: string): string {
  return lower.replace(/['’]s$/, '')
}
