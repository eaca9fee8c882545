import type { BookFont } from '../../../shared/contract'
import { bundledFaces, bundledFamily, FACE_STYLES } from './bundled-fonts'

/**
 * Font stacks: the bundled Latin family first (embedded in the HTML, so every machine sets the
 * same lines), then Noto CJK and kin for Chinese, Japanese and Korean, in the order the book's
 * language prefers so each script gets its own glyph forms. Chromium embeds the subsets it
 * uses in the PDF.
 */
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
  const families = [bundledFamily(font), ...order.flatMap((region) => CJK[font][region])]
  return [...families.map((family) => `"${family}"`), font === 'serif' ? 'serif' : 'sans-serif'].join(', ')
}

/**
 * The @font-face rules of a book font's bundled faces, as data: URLs. Where script subsets
 * overlap (spaces, common punctuation), the rule declared last is tried first: the main Latin
 * subset is declared last, as the measuring code prefers it.
 */
export function fontFaceRules(font: BookFont): string {
  return FACE_STYLES.flatMap((style) =>
    bundledFaces(font, style)
      .toReversed()
      .map((face) => {
        const ranges = face.unicodeRanges.map(([first, last]) => (first === last ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`)).join(', ')
        return `@font-face { font-family: "${face.family}"; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url(data:font/woff2;base64,${face.bytes.toString('base64')}) format("woff2"); unicode-range: ${ranges}; }\n`
      }),
  ).join('')
}

function hex(code: number): string {
  return code.toString(16).toUpperCase()
}

/** The language of a book's text when it does not say: CJK scripts are recognised, others are "und". */
export function guessLanguage(text: string): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja'
  if (/\p{Script=Hangul}/u.test(text)) return 'ko'
  if (/\p{Script=Han}/u.test(text)) return 'zh'
  return 'und'
}
