import { describe, expect, it } from 'vitest'
import { bookTextMeasure } from '../../../../src/main/studio/book/text-measure'

describe('measuring text in the bundled fonts', () => {
  it('shapes text as one run (kerning), not as separate letters', () => {
    const measure = bookTextMeasure('serif')
    const letters = (text: string) => [...text].reduce((sum, character) => sum + measure.width(character), 0)
    expect(measure.width('AVAVAV')).toBeLessThan(letters('AVAVAV'))
  })

  for (const font of ['serif', 'sans'] as const) {
    it(`measures ${font} words additively across spaces, and nothing as zero`, () => {
      const measure = bookTextMeasure(font)
      expect(measure.width('Once upon a time')).toBeCloseTo(measure.width('Once upon a') + measure.width(' time'), 2)
      expect(measure.width('Once')).toBeGreaterThan(1)
      expect(measure.width('')).toBe(0)
    })
  }

  it('gives accented and Cyrillic letters their own glyphs, CJK one em, and unknown characters a generous width', () => {
    const measure = bookTextMeasure('serif')
    expect(measure.width('é')).toBeGreaterThan(0.3)
    expect(measure.width('é')).toBeLessThan(0.7)
    expect(measure.width('Ж')).toBeGreaterThan(0.5)
    expect(measure.width('小狐狸')).toBe(3)
    expect(measure.width('。「」')).toBe(3)
    expect(measure.width('🦊')).toBe(1.2)
  })
})
