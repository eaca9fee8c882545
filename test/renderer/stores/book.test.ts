import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { board, STORY } from '../scene-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useBookStore } = await import('../../../src/renderer/src/stores/book')
const { useScenesStore } = await import('../../../src/renderer/src/stores/scenes')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

function setup() {
  const story = useStoryStore()
  story.text = STORY
  story.title = 'The Lantern'
  const scenes = useScenesStore()
  scenes.board = board()
  scenes.board.scenes[1].image = 'data:image/png;base64,B'
  return { book: useBookStore(), scenes }
}

describe('book store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('makes one page per scene, in board order, with its part of the story and chosen picture', () => {
    const { book } = setup()
    book.settings.author = 'Ana'
    book.settings.coverSceneId = 'b'
    expect(book.book).toMatchObject({
      title: 'The Lantern', author: 'Ana', cover: 'data:image/png;base64,B', size: 'a5', layout: 'picture-above', font: 'serif',
      pages: [
        { text: 'Mira found a lantern.', image: undefined, alt: 'action a' },
        { text: 'She carried it to the sea.', image: 'data:image/png;base64,B' },
        { text: 'The sea glowed.' },
      ],
    })
  })

  it('keeps the whole story in the book, from its first word, whatever the page order', () => {
    const { book, scenes } = setup()
    scenes.board.scenes = [scenes.board.scenes[2], { ...scenes.board.scenes[0], span: { start: 5, end: 21 } }, scenes.board.scenes[1]]
    expect(book.book.pages.map((page) => page.text)).toEqual(['The sea glowed.', 'Mira found a lantern.', 'She carried it to the sea.'])
  })

  it('previews the exact HTML the PDF is printed from', async () => {
    const { book } = setup()
    fake.answer('book.layout', () => ({ html: '<html>book</html>', pages: 4 }))
    await book.refreshPreview()
    expect(fake.callsTo('book.layout')[0].book.title).toBe('The Lantern')
    expect([book.previewHtml, book.pageCount]).toEqual(['<html>book</html>', 4])
  })

  it('moves a page by reordering the scenes', async () => {
    const { book } = setup()
    fake.answer('scenes.edit', ({ board: sent }) => sent)
    await book.movePage(2, -1)
    await book.movePage(0, -1)
    expect(fake.callsTo('scenes.edit').map((input) => input.edit)).toEqual([{ op: 'reorder', order: ['a', 'c', 'b'] }])
  })

  it('exports the PDF with progress, and says where it went', async () => {
    const { book } = setup()
    const jobs = fake.answerJob('book.export')
    const run = book.exportPdf('/tmp/lantern.pdf')
    await flushPromises()
    fake.emit('job.progress', { jobId: jobs[0], call: 'book.export', stage: 'print', step: 1, total: 2 })
    expect(book.exporting).toEqual({ stage: 'print', step: 1, total: 2 })
    fake.emit('job.done', { jobId: jobs[0], call: 'book.export', result: { out: '/tmp/lantern.pdf', pages: 4 } })
    await run
    expect([book.exporting, book.exported]).toEqual([null, { out: '/tmp/lantern.pdf', pages: 4 }])
  })

  it('keeps its settings through a reload', async () => {
    const { book } = setup()
    book.settings.size = 'square'
    await flushPromises()
    freshStores()
    expect(useBookStore().settings.size).toBe('square')
  })
})
