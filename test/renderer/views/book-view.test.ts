// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { PROJECT_ID, projectStudio } from '../project-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: BookView } = await import('../../../src/renderer/src/views/BookView.vue')
const { useProjectsStore } = await import('../../../src/renderer/src/stores/projects')

type Wrapper = ReturnType<typeof mountStudio>
const fieldNamed = (wrapper: Wrapper, name: string) => wrapper.findAll('label').find((label) => label.text().startsWith(name))!.get('input, select')
let project: ReturnType<typeof projectStudio>

describe('Book view', () => {
  beforeEach(async () => {
    fake.reset()
    freshStores()
    project = projectStudio(fake)
    await useProjectsStore().open(PROJECT_ID)
    // The studio lays out the saved project: here the fake shows the settings it reads.
    fake.answer('projects.layout', () => ({ html: `<h1>${project.document.title}</h1><p>${project.document.book.size}</p>`, pages: project.document.scenes.length + 1 }))
  })

  it('previews the book as the PDF will print it, and follows the settings saved in the project', async () => {
    const wrapper = mountStudio(BookView)
    await flushPromises()
    expect(wrapper.get('iframe[title="Book preview"]').attributes('srcdoc')).toBe('<h1>The Lantern</h1><p>a5</p>')
    expect(wrapper.get('iframe').attributes('sandbox')).toBe('')
    expect(wrapper.text()).toContain('4 pages')
    await fieldNamed(wrapper, 'Page size').setValue('square')
    await flushPromises()
    expect(project.document.book.size).toBe('square')
    expect(wrapper.get('iframe').attributes('srcdoc')).toBe('<h1>The Lantern</h1><p>square</p>')
  })

  it('offers screen and print resolution, saved with the book settings', async () => {
    const wrapper = mountStudio(BookView)
    await flushPromises()
    const resolution = fieldNamed(wrapper, 'Print resolution')
    expect(resolution.findAll('option').map((option) => option.text())).toEqual(['Screen (150 dpi)', 'Print (300 dpi)'])
    expect((resolution.element as HTMLSelectElement).value).toBe('150')
    expect(resolution.attributes('aria-describedby')).toBe('resolution-hint')
    await resolution.setValue('300')
    await flushPromises()
    expect(project.document.book.dpi).toBe(300)
    expect((fieldNamed(wrapper, 'Print resolution').element as HTMLSelectElement).value).toBe('300')
  })

  it('lists a page per scene and moves pages', async () => {
    fake.answer('scenes.edit', ({ board: sent, edit }) => ({ ...sent, scenes: edit.order.map((id: string) => sent.scenes.find((scene: { id: string }) => scene.id === id)) }))
    const wrapper = mountStudio(BookView)
    await wrapper.get('button[aria-label="Move page 1 down"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('.page-name').map((page) => page.text())).toEqual(['Page 1: Scene b', 'Page 2: Scene a', 'Page 3: Scene c'])
    expect(project.document.book.pageOrder).toEqual(['b', 'a', 'c'])
  })

  it('in a browser, exports without asking for a path and downloads the PDF the studio wrote', async () => {
    const jobs = fake.answerJob('projects.export')
    const wrapper = mountStudio(BookView)
    expect(wrapper.find('input[required]').exists()).toBe(false)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsTo('projects.export')).toEqual([{ id: PROJECT_ID, dpi: 150 }])
    fake.emit('job.progress', { jobId: jobs[0], call: 'projects.export', stage: 'print', step: 2, total: 3 })
    await flushPromises()
    expect(wrapper.text()).toContain('Exporting: print')
    fake.emit('job.done', { jobId: jobs[0], call: 'projects.export', result: { out: '/data/exports/lantern.pdf', pages: 4, downloadUrl: `app://studio/exports/${PROJECT_ID}.pdf` } })
    await flushPromises()
    expect(fake.downloads).toEqual([{ url: `app://studio/exports/${PROJECT_ID}.pdf`, fileName: 'The Lantern.pdf' }])
    expect(wrapper.text()).toContain('Downloaded 4 pages as The Lantern.pdf')
  })

  it('asks the desktop app for a path through its save dialog, and does nothing when cancelled', async () => {
    fake.answerJob('projects.export')
    const asked: string[] = []
    fake.host.choosePdfPath = async (name) => (asked.push(name), null)
    const wrapper = mountStudio(BookView)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(asked).toEqual(['The Lantern.pdf'])
    expect(fake.callsTo('projects.export')).toEqual([])
  })
})
