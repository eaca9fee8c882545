// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { board, STORY } from '../scene-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: BookView } = await import('../../../src/renderer/src/views/BookView.vue')
const { useScenesStore } = await import('../../../src/renderer/src/stores/scenes')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

const fieldNamed = (wrapper: ReturnType<typeof mountStudio>, name: string) =>
  wrapper.findAll('label').find((label) => label.text().startsWith(name))!.get('input, select')

describe('Book view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    useStoryStore().text = STORY
    useStoryStore().title = 'The Lantern'
    useScenesStore().board = board()
    fake.answer('book.layout', ({ book }) => ({ html: `<h1>${book.title}</h1><p>${book.size}</p>`, pages: book.pages.length + 1 }))
  })

  it('previews the book as the PDF will print it, and follows the settings', async () => {
    const wrapper = mountStudio(BookView)
    await flushPromises()
    expect(wrapper.get('iframe[title="Book preview"]').attributes('srcdoc')).toBe('<h1>The Lantern</h1><p>a5</p>')
    expect(wrapper.get('iframe').attributes('sandbox')).toBe('')
    expect(wrapper.text()).toContain('4 pages')
    await fieldNamed(wrapper, 'Page size').setValue('square')
    await wrapper.get('form').trigger('change')
    await flushPromises()
    expect(wrapper.get('iframe').attributes('srcdoc')).toBe('<h1>The Lantern</h1><p>square</p>')
  })

  it('lists a page per scene and moves pages', async () => {
    fake.answer('scenes.edit', ({ board: sent, edit }) => ({ ...sent, scenes: edit.order.map((id: string) => sent.scenes.find((scene: any) => scene.id === id)) }))
    const wrapper = mountStudio(BookView)
    await wrapper.get('button[aria-label="Move page 1 down"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('.page-name').map((page) => page.text())).toEqual(['Page 1: Scene b', 'Page 2: Scene a', 'Page 3: Scene c'])
  })

  it('exports to the path typed in a browser, with progress, and says where the PDF went', async () => {
    const jobs = fake.answerJob('book.export')
    const wrapper = mountStudio(BookView)
    await fieldNamed(wrapper, 'Save PDF as').setValue('/tmp/lantern.pdf')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsTo('book.export')[0].out).toBe('/tmp/lantern.pdf')
    fake.emit('job.progress', { jobId: jobs[0], call: 'book.export', stage: 'print', step: 1, total: 2 })
    await flushPromises()
    expect(wrapper.text()).toContain('Exporting: print')
    fake.emit('job.done', { jobId: jobs[0], call: 'book.export', result: { out: '/tmp/lantern.pdf', pages: 4 } })
    await flushPromises()
    expect(wrapper.text()).toContain('Saved 4 pages to /tmp/lantern.pdf')
  })

  it('asks the desktop app for a path through its save dialog, and does nothing when cancelled', async () => {
    fake.answerJob('book.export')
    const asked: string[] = []
    fake.host.choosePdfPath = async (name) => (asked.push(name), null)
    const wrapper = mountStudio(BookView)
    expect(wrapper.text()).not.toContain('Save PDF as')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(asked).toEqual(['The Lantern.pdf'])
    expect(fake.callsTo('book.export')).toEqual([])
  })
})
