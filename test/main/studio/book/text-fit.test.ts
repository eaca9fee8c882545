import { describe, expect, it } from 'vitest'
import { fillBox } from '../../../../src/main/studio/book/text-fit'
import { bookTextMeasure } from '../../../../src/main/studio/book/text-measure'

describe('filling a box with paragraphs', () => {
  it('takes whole paragraphs, then the part of the next that fits, cut at a line end', () => {
    const measure = bookTextMeasure('serif')
    const box = { width: 20, height: 1.45 * 3.5 + 0.5, lineHeight: 1.45, paragraphGap: 0.5 }
    const paragraphs = ['One short line.', 'A much longer paragraph that will need several lines to set in so narrow a box as this one is.']
    const { whole, partial } = fillBox(paragraphs, box, measure)
    expect(whole).toBe(1)
    expect(partial && `${partial.fits} ${partial.rest}`).toBe(paragraphs[1])
    expect(partial?.fits.length).toBeGreaterThan(0)
  })

  it('takes nothing when not one line fits', () => {
    const measure = bookTextMeasure('sans')
    expect(fillBox(['Some text.'], { width: 20, height: 1, lineHeight: 1.45, paragraphGap: 0.5 }, measure)).toEqual({ whole: 0 })
  })
})
