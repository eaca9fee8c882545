// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: SettingsView } = await import('../../../src/renderer/src/views/SettingsView.vue')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

const selectNamed = (wrapper: ReturnType<typeof mountStudio>, name: string) =>
  wrapper.findAll('label').find((label) => label.text().startsWith(name))!.get('select')

describe('Settings view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('changes theme, language and provider preference', async () => {
    const wrapper = mountStudio(SettingsView)
    await selectNamed(wrapper, 'Theme').setValue('dark')
    await selectNamed(wrapper, 'Language').setValue('zh-CN')
    await selectNamed(wrapper, 'Run models on').setValue('cpu')
    const settings = useSettingsStore()
    expect([settings.theme, settings.locale, settings.settings.provider]).toEqual(['dark', 'zh-CN', 'cpu'])
  })

  it('says what actually ran the model and why the others did not', () => {
    useStoryStore().lastRun = {
      provider: 'cpu',
      providerAttempts: [{ provider: 'cuda', error: 'CUDA libraries are not installed', failure: 'not-installed' }, { provider: 'cpu' }],
    } as never
    const wrapper = mountStudio(SettingsView)
    expect(wrapper.get('.provider-report').text()).toBe('Last run used cpu.cuda was not used: CUDA libraries are not installed')
  })

  it('says when nothing has run yet', () => {
    expect(mountStudio(SettingsView).get('.provider-report').text()).toBe('No model has run yet in this session.')
  })
})
