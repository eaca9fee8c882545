import type { BookFont } from '../../../shared/contract'

/**
 * Font stacks with wide coverage, system fonts only (a book never fetches a font): Latin fonts
 * first, then Noto CJK for Chinese, Japanese and Korean, in the order the book's language
 * prefers so each script gets its own glyph forms. Chromium embeds the subsets it uses in the PDF.
 */
const LATIN: Record<BookFont, string[]> = {
  serif: ['Noto Serif', 'DejaVu Serif', 'Liberation Serif', 'Georgia', 'Times New Roman'],
  sans: ['Noto Sans', 'DejaVu Sans', 'Liberation Sans', 'Helvetica Neue', 'Arial'],
}
const CJK: Record<BookFont, Record<'SC' | 'TC' | 'JP' | 'KR', string[]>> = {
  serif: {
    SC: ['Noto Serif CJK SC', 'Source Han Serif SC', 'Songti SC', 'SimSun'],
    TC: ['Noto Serif CJK TC', 'Source Han Serif TC', 'Songti TC', 'PMingLiU'],
    JP: ['Noto Serif CJK JP', 'Source Han Serif JP', 'Hiragino Mincho ProN', 'Yu Mincho'],
    KR: ['Noto Serif CJK KR', 'Source Han Serif KR', 'AppleMyungjo', 'Batang'],
  },
  sans: {
    SC: ['Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei'],
    TC: ['Noto Sans CJK TC', 'Source Han Sans TC', 'PingFang TC', 'Microsoft JhengHei'],
    JP: ['Noto Sans CJK JP', 'Source Han Sans JP', 'Hiragino Sans', 'Yu Gothic'],
    KR: ['Noto Sans CJK KR', 'Source Han Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic'],
  },
}

/** The CSS font-family value for a book's font and language. */
export function fontStack(font: BookFont, language: string): string {
  const lower = language.toLowerCase()
  const first = lower.startsWith('ja') ? 'JP' : lower.startsWith('ko') ? 'KR' : /^zh-(?:tw|hk|mo|hant)/.test(lower) ? 'TC' : 'SC'
  const order = [first, ...(['SC', 'TC', 'JP', 'KR'] as const).filter((region) => region !== first)] as ('SC' | 'TC' | 'JP' | 'KR')[]
  const families = [...LATIN[font], ...order.flatMap((region) => CJK[font][region])]
  return [...families.map((family) => `"${family}"`), font === 'serif' ? 'serif' : 'sans-serif'].join(', ')
}

/** The language of a book's text when it does not say: CJK scripts are recognised, others are "und". */
export function guessLanguage(text: string): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja'
  if (/\p{Script=Hangul}/u.test(text)) return 'ko'
  if (/\p{Script=Han}/u.test(text)) return 'zh'
  return 'und'
}
