import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { PROJECT_ID, projectDocument, projectScenes, projectStudio } from '../project-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useBookStore } = await import('../../../src/renderer/src/stores/book')
const { useProjectsStore } = await import('../../../src/renderer/src/stores/projects')

async function setup(document = projectDocument()) {
  const project = projectStudio(fake, document)
  await useProjectsStore().open(PROJECT_ID)
  return { book: useBookStore(), project }
}

describe('book store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it("reads the book settings and author from the project, and saves changes of them in it", async () => {
    const { book, project } = await setup()
    fake.answer('projects.layout', () => ({ html: '<html>book</html>', pages: 4 }))
    expect(book.settings).toEqual({ size: 'a5', layout: 'picture-above', font: 'serif' })
    expect([book.author, book.dpi]).toEqual(['', 150])
    await book.setSettings({ size: 'square', coverScene: 'b', dpi: 300 })
    await book.setAuthor('Ana')
    expect(project.document.book).toEqual({ size: 'square', layout: 'picture-above', font: 'serif', coverScene: 'b', dpi: 300 })
    expect(project.document.author).toBe('Ana')
    expect([book.settings.size, book.author, book.dpi]).toEqual(['square', 'Ana', 300])
  })

  it('lists the pages in the book order where it has one, else in story order', async () => {
    const [a, b, c] = projectScenes()
    const { book } = await setup({ ...projectDocument([c, a, b]), book: { size: 'a5', layout: 'picture-above', font: 'serif' } })
    expect(book.pages.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    await setup({ ...projectDocument([a, b, c]), book: { size: 'a5', layout: 'picture-above', font: 'serif', pageOrder: ['c', 'a'] } })
    expect(useBookStore().pages.map((scene) => scene.id)).toEqual(['c', 'a', 'b'])
  })

  it("previews the exact HTML the studio prints the project's PDF from", async () => {
    const { book } = await setup()
    fake.answer('projects.layout', () => ({ html: '<html>book</html>', pages: 4 }))
    await book.refreshPreview()
    expect(fake.callsTo('projects.layout')).toEqual([{ id: PROJECT_ID }])
    expect([book.previewHtml, book.pageCount]).toEqual(['<html>book</html>', 4])
  })

  it('moves a page by reordering the scenes; the new order is saved in the project as its page order', async () => {
    const { book, project } = await setup()
    fake.answer('projects.layout', () => ({ html: '', pages: 4 }))
    fake.answer('scenes.edit', ({ board: sent, edit }) => ({ ...sent, scenes: edit.order.map((id: string) => sent.scenes.find((scene: { id: string }) => scene.id === id)) }))
    await book.movePage(2, -1)
    await book.movePage(0, -1)
    expect(fake.callsTo('scenes.edit').map((input) => input.edit)).toEqual([{ op: 'reorder', order: ['a', 'c', 'b'] }])
    expect(project.document.book.pageOrder).toEqual(['a', 'c', 'b'])
    expect(book.pages.map((scene) => scene.id)).toEqual(['a', 'c', 'b'])
  })

  it('exports where the save dialog says, at the chosen print resolution, with progress', async () => {
    const { book } = await setup()
    fake.answer('projects.layout', () => ({ html: '', pages: 4 }))
    await book.setSettings({ dpi: 300 })
    fake.host.choosePdfPath = async () => '/tmp/lantern.pdf'
    const jobs = fake.answerJob('projects.export')
    const run = book.exportPdf()
    await flushPromises()
    expect(fake.callsTo('projects.export')).toEqual([{ id: PROJECT_ID, out: '/tmp/lantern.pdf', dpi: 300 }])
    fake.emit('job.progress', { jobId: jobs[0], call: 'projects.export', stage: 'pictures', step: 1, total: 3 })
    expect(book.exporting).toEqual({ stage: 'pictures', step: 1, total: 3 })
    fake.emit('job.done', { jobId: jobs[0], call: 'projects.export', result: { out: '/tmp/lantern.pdf', pages: 4 } })
    await run
    expect([book.exporting, book.exported, fake.downloads]).toEqual([null, { out: '/tmp/lantern.pdf', pages: 4 }, []])
  })

  it('in a browser, has the studio write the PDF and downloads it from the URL it answers', async () => {
    const { book } = await setup()
    const jobs = fake.answerJob('projects.export')
    const run = book.exportPdf()
    await flushPromises()
    expect(fake.callsTo('projects.export')).toEqual([{ id: PROJECT_ID, dpi: 150 }])
    const downloadUrl = `app://studio/exports/${PROJECT_ID}.pdf`
    fake.emit('job.done', { jobId: jobs[0], call: 'projects.export', result: { out: '/data/exports/lantern.pdf', pages: 4, downloadUrl } })
    await run
    expect(fake.downloads).toEqual([{ url: downloadUrl, fileName: 'The Lantern.pdf' }])
    expect(book.exported).toEqual({ pages: 4, downloaded: 'The Lantern.pdf' })
  })

  it('exports nothing when the save dialog is cancelled', async () => {
    const { book } = await setup()
    fake.answerJob('projects.export')
    fake.host.choosePdfPath = async () => null
    await book.exportPdf()
    expect([fake.callsTo('projects.export'), book.exporting, book.error]).toEqual([[], null, null])
  })
})
