import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')
const { useNavigationStore } = await import('../../../src/renderer/src/stores/navigation')

describe('settings store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('follows the system until the person chooses, and remembers the choice', async () => {
    fake.host.systemPrefersDark = () => true
    fake.host.systemLanguages = () => ['zh-TW', 'en']
    const settings = useSettingsStore()
    expect([settings.theme, settings.locale]).toEqual(['dark', 'zh-CN'])
    settings.settings.theme = 'light'
    settings.settings.locale = 'en'
    await flushPromises()
    freshStores()
    const again = useSettingsStore()
    expect([again.theme, again.locale]).toEqual(['light', 'en'])
  })
})

describe('navigation store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('opens Write first and comes back to the last view after a reload', async () => {
    expect(useNavigationStore().view).toBe('write')
    useNavigationStore().open('book')
    await flushPromises()
    freshStores()
    expect(useNavigationStore().view).toBe('book')
  })

  it('ignores a saved view that no longer exists', () => {
    fake.drafts.set('view', 'gallery')
    expect(useNavigationStore().view).toBe('write')
  })
})
