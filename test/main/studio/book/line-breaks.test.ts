import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lineEnds } from '../../../../src/main/studio/book/line-breaks'
import { bookTextMeasure } from '../../../../src/main/studio/book/text-measure'

const measure = bookTextMeasure('serif')
const linesOf = (text: string, width: number) => lineEnds(text, width, measure).map((end, index, ends) => text.slice(ends[index - 1] ?? 0, end))

/** Punctuation that may not start a line in Chinese, and that may not end one. */
const NOT_AT_START = '。，、；：！？」』）》〉】…”’'
const NOT_AT_END = '「『（《〈【“‘'

describe('line breaking (UAX #14, greedy)', () => {
  it('breaks at spaces, greedily, never past the width, spaces at line ends taking no room', () => {
    const text = 'aaaa bbbb cccc dddd'
    const width = measure.width('aaaa bbbb') + 0.01
    expect(linesOf(text, width).map((line) => line.trim())).toEqual(['aaaa bbbb', 'cccc dddd'])
    expect(linesOf(text, width).join('')).toBe(text)
  })

  it('keeps every line within the width unless a single character is wider', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('fox', 'a', 'lighthouse', 'forest,', '“Hello!”', 'once-upon', 'ünd'), { minLength: 1, maxLength: 40 }), fc.double({ min: 2, max: 30, noNaN: true }), (words, width) => {
        const text = words.join(' ')
        const lines = linesOf(text, width)
        expect(lines.join('')).toBe(text)
        for (const line of lines) expect(measure.width(line.trimEnd())).toBeLessThanOrEqual(width + 1e-9)
      }),
    )
  })

  it('breaks Chinese between characters but never puts closing punctuation first or opening punctuation last', () => {
    // Text as Chinese is written: characters, a closing mark after a character, an opening one before it.
    const han = [...'从前有一个小女孩她住在森林里狐狸说']
    const token = fc.oneof(
      fc.constantFrom(...han),
      fc.tuple(fc.constantFrom(...han), fc.constantFrom(...NOT_AT_START)).map(([character, mark]) => character + mark),
      fc.tuple(fc.constantFrom(...NOT_AT_END), fc.constantFrom(...han)).map(([mark, character]) => mark + character),
    )
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 60 }), fc.integer({ min: 4, max: 12 }), (tokens, width) => {
        const text = tokens.join('')
        const lines = linesOf(text, width)
        expect(lines.join('')).toBe(text)
        for (const line of lines) expect(measure.width(line)).toBeLessThanOrEqual(width + 1e-9)
        for (const line of lines.slice(1)) expect(NOT_AT_START, line).not.toContain(line[0])
        for (const line of lines.slice(0, -1)) expect(NOT_AT_END, line).not.toContain(line.at(-1))
      }),
      { numRuns: 300 },
    )
  })

  it('may break before an opening and after a closing quotation mark between Chinese characters', () => {
    expect(linesOf('狐狸说“你好”小红笑了', 4)).toEqual(['狐狸说', '“你好”', '小红笑了'])
  })

  it('holds as many Chinese characters as ems fit', () => {
    // 孩 goes down with its 。 rather than leave the full stop to start a line.
    expect(linesOf('从前有一个小女孩。她住在森林里。', 4.2)).toEqual(['从前有一', '个小女', '孩。她住', '在森林', '里。'])
  })

  it('breaks a word wider than the line anywhere', () => {
    const ends = lineEnds('x'.repeat(30), measure.width('x') * 10.5, measure)
    expect(ends).toEqual([10, 20, 30])
  })
})
