import { describe, expect, it } from 'vitest'
import { characterWidth, fillBox, lineBreaks } from '../../../../src/main/studio/book/text-fit'

describe('text fitting', () => {
  it('breaks lines at spaces, greedily, never past the width', () => {
    const text = 'aaaa bbbb cccc dddd'
    const width = characterWidth('a') * 9.5 + characterWidth(' ')
    expect(lineBreaks(text, width).map((end, index, ends) => text.slice(ends[index - 1] ?? 0, end).trim())).toEqual(['aaaa bbbb', 'cccc dddd'])
  })

  it('breaks between any two Chinese characters, keeping closing punctuation with its character', () => {
    const text = '从前有一个小女孩。她住在森林里。'
    const ends = lineBreaks(text, 4.2)
    const lines = ends.map((end, index) => text.slice(ends[index - 1] ?? 0, end))
    expect(lines.join('')).toBe(text)
    expect(lines.every((line) => !line.startsWith('。'))).toBe(true)
    expect(lines[0]).toHaveLength(4)
  })

  it('breaks a word wider than the line anywhere', () => {
    expect(lineBreaks('x'.repeat(30), characterWidth('x') * 10.5)).toEqual([10, 20, 30])
  })

  it('fills a box with whole paragraphs, then the part of the next that fits', () => {
    const box = { width: 20, height: 1.45 * 3.5 + 0.5, lineHeight: 1.45, paragraphGap: 0.5 }
    const paragraphs = ['One short line.', 'A much longer paragraph that will need several lines to set in so narrow a box as this one is.']
    const { whole, partial } = fillBox(paragraphs, box)
    expect(whole).toBe(1)
    expect(partial && `${partial.fits} ${partial.rest}`).toBe(paragraphs[1])
    expect(partial?.fits.length).toBeGreaterThan(0)
  })

  it('takes accented letters at their base letter width and CJK at a full em', () => {
    expect(characterWidth('é')).toBe(characterWidth('e'))
    expect(characterWidth('中')).toBeGreaterThanOrEqual(1)
  })
})
