import { describe, expect, it } from 'vitest'
import { ChosenFiles, chosenPdfPath, pdfSaveDialogOptions } from '../../../src/main/shell/save-dialog'

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
  it('remembers the files chosen in the dialog, the most recent ones only, as the places the studio may write to', () => {
    const chosen = new ChosenFiles(2)
    expect(chosen.list()).toEqual([])
    chosen.add('/docs/one.pdf')
    chosen.add('/docs/../docs/two.pdf')
    chosen.add('/docs/one.pdf')
    expect(chosen.list()).toEqual(['/docs/two.pdf', '/docs/one.pdf'])
    chosen.add('/elsewhere/three.pdf')
    expect(chosen.list()).toEqual(['/docs/one.pdf', '/elsewhere/three.pdf'])
  })
})
