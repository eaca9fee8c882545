// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from './fake-studio'

const fake = await vi.hoisted(async () => (await import('./fake-studio')).createFakeStudio())
vi.mock('../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: App } = await import('../../src/renderer/src/App.vue')
const { useSettingsStore } = await import('../../src/renderer/src/stores/settings')

describe('the application menu language (the desktop app; Electron cannot run here, its menu is the host)', () => {
  const languages: string[] = []
  beforeEach(() => {
    fake.reset()
    freshStores()
    languages.length = 0
    fake.host.setMenuLanguage = (locale) => void languages.push(locale)
    fake.answer('packs.list', () => [])
    fake.answer('projects.list', () => [])
  })
  afterEach(() => delete fake.host.setMenuLanguage)

  it('names the UI language to the host when the window starts and whenever it changes', async () => {
    mountStudio(App)
    await flushPromises()
    expect(languages).toEqual(['en'])
    useSettingsStore().settings.locale = 'zh-CN'
    await flushPromises()
    useSettingsStore().settings.locale = 'en'
    await flushPromises()
    expect(languages).toEqual(['en', 'zh-CN', 'en'])
  })
})
