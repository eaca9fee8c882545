import { describe, expect, it } from 'vitest'
import { chosenPdfPath, pdfSaveDialogOptions } from '../../../src/main/shell/save-dialog'

describe('PDF save dialog', () => {
  it('suggests the book title in the documents folder, PDFs only', () => {
    expect(pdfSaveDialogOptions('The Fox.pdf', '/home/ana/Documents')).toMatchObject({
      defaultPath: '/home/ana/Documents/The Fox.pdf',
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    })
  })

  it('takes only a file name from the page, never a path', () => {
    expect(pdfSaveDialogOptions('../../etc/passwd', '/docs').defaultPath).toBe('/docs/passwd.pdf')
    expect(pdfSaveDialogOptions('..\\..\\x', '/docs').defaultPath).toBe('/docs/x.pdf')
    expect(pdfSaveDialogOptions('', '/docs').defaultPath).toBe('/docs/storybook.pdf')
  })

  it('answers the chosen path ending in .pdf, or null when cancelled', () => {
    expect(chosenPdfPath({ canceled: false, filePath: '/docs/fox' })).toBe('/docs/fox.pdf')
    expect(chosenPdfPath({ canceled: false, filePath: '/docs/fox.PDF' })).toBe('/docs/fox.PDF')
    expect(chosenPdfPath({ canceled: true, filePath: '/docs/fox.pdf' })).toBeNull()
  })
})
