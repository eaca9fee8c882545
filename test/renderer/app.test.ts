// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from './fake-studio'
import { PACKS } from './pack-fixtures'

const fake = await vi.hoisted(async () => (await import('./fake-studio')).createFakeStudio())
vi.mock('../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: App } = await import('../../src/renderer/src/App.vue')
const { useSettingsStore } = await import('../../src/renderer/src/stores/settings')

const tabs = (wrapper: ReturnType<typeof mountStudio>) => wrapper.findAll('nav button')

describe('the studio frame', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => PACKS)
    fake.answer('packs.show', () => ({ manifest: {} }))
    fake.answer('projects.list', () => [{ id: 'story-old', title: 'Yesterday', savedAt: 'then', sceneCount: 0 }])
    fake.answer('projects.open', ({ id }) => ({
      id, savedAt: 'then', revision: 1, readOnly: false, pictureUrls: {},
      document: { title: 'Yesterday', style: 'ink', segments: [{ id: 's1', origin: 'person', text: 'An old tale.' }] },
    }))
    fake.answer('text.tokenize', () => ({ ids: [], count: 0 }))
    fake.answer('book.layout', () => ({ html: '<p>book</p>', pages: 1 }))
  })

  it('opens every view from the tabs, marking the current one', async () => {
    const wrapper = mountStudio(App)
    await flushPromises()
    expect(tabs(wrapper).map((tab) => tab.text())).toEqual(['Write', 'Scenes', 'Book', 'Packs', 'Settings'])
    for (const [index, heading] of ['Write', 'Scenes', 'Book', 'Packs', 'Settings'].entries()) {
      await tabs(wrapper)[index].trigger('click')
      expect(wrapper.get('main h2').text()).toBe(heading)
      expect(tabs(wrapper)[index].attributes('aria-current')).toBe('page')
    }
  })

  it('applies the theme and the language everywhere', async () => {
    const wrapper = mountStudio(App)
    useSettingsStore().settings.theme = 'dark'
    useSettingsStore().settings.locale = 'zh-CN'
    await flushPromises()
    expect(wrapper.get('.studio').attributes()).toMatchObject({ 'data-theme': 'dark', lang: 'zh-CN' })
    expect(tabs(wrapper)[0].text()).toBe('写作')
  })

  it('opens a recent project from the project menu, and starts a new one', async () => {
    const wrapper = mountStudio(App)
    await flushPromises()
    await wrapper.findAll('button').find((button) => button.text() === 'Yesterday')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('textarea').element).toHaveProperty('value', 'An old tale.')
    expect(wrapper.get('.project-title').text()).toBe('Yesterday')
    await wrapper.findAll('button').find((button) => button.text() === 'New project')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('textarea').element).toHaveProperty('value', '')
    expect(wrapper.get('.project-title').text()).toBe('Untitled story')
  })
})
