// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { settingsReport, TWO_GPUS } from '../settings-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: SettingsView } = await import('../../../src/renderer/src/views/SettingsView.vue')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

type Wrapper = ReturnType<typeof mountStudio>
const labelled = (wrapper: Wrapper, name: string) => wrapper.findAll('label').find((label) => label.text().startsWith(name))
const selectNamed = (wrapper: Wrapper, name: string) => labelled(wrapper, name)!.get('select')

/** The studio as a CPU-only machine answers, with the GPUs given (none can be present here). */
function studioWith(gpus = TWO_GPUS, canOpenFolders = false) {
  let stored = settingsReport({}, { gpus, canOpenFolders })
  fake.answer('settings.get', () => stored)
  fake.answer('settings.set', (change) => (stored = settingsReport({ ...stored.engine, ...change }, { gpus, canOpenFolders })))
}

async function mounted(locale: 'en' | 'zh-CN' = 'en'): Promise<Wrapper> {
  const wrapper = mountStudio(SettingsView, locale)
  await flushPromises()
  return wrapper
}

describe('Settings view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('changes theme and language in the window', async () => {
    studioWith()
    const wrapper = await mounted()
    await selectNamed(wrapper, 'Theme').setValue('dark')
    await selectNamed(wrapper, 'Language').setValue('zh-CN')
    const settings = useSettingsStore()
    expect([settings.theme, settings.locale]).toEqual(['dark', 'zh-CN'])
  })

  it('sends the device preference, the GPU and the threads to the studio and shows what it keeps', async () => {
    studioWith()
    const wrapper = await mounted()
    await selectNamed(wrapper, 'Run models on').setValue('gpu')
    await flushPromises()
    const gpu = selectNamed(wrapper, 'GPU')
    expect(gpu.findAll('option').map((option) => option.text())).toEqual(['GPU 0: NVIDIA GeForce RTX 4060 (8.0 GiB)', 'GPU 1: NVIDIA GeForce RTX 4090 (24.0 GiB)'])
    await gpu.setValue('1')
    await flushPromises()
    await labelled(wrapper, 'CPU threads')!.get('input').setValue('2')
    await flushPromises()
    expect(fake.callsTo('settings.set')).toEqual([{ device: 'gpu' }, { gpuIndex: 1 }, { threads: 2 }])
    expect((selectNamed(wrapper, 'GPU').element as HTMLSelectElement).value).toBe('1')
    expect(wrapper.get('.provider-plan').text()).toBe('Models will run on cpu (CPU threads: 2).')
  })

  it('turns huge pages off and on, explained; offers them only where they apply', async () => {
    studioWith()
    const wrapper = await mounted()
    const box = () => labelled(wrapper, 'Large memory pages')!.get('input')
    expect((box().element as HTMLInputElement).checked).toBe(true)
    expect(box().attributes('aria-describedby')).toBe('huge-pages-hint')
    expect(wrapper.get('#huge-pages-hint').text()).toContain('int8, q4')
    await box().setValue(false)
    await flushPromises()
    expect((box().element as HTMLInputElement).checked).toBe(false)
    await box().setValue(true)
    await flushPromises()
    expect(fake.callsTo('settings.set')).toEqual([{ hugePages: false }, { hugePages: true }])

    fake.reset()
    freshStores()
    fake.answer('settings.get', () => settingsReport({}, { hugePagesApply: false }))
    const elsewhere = await mounted()
    expect(labelled(elsewhere, 'Large memory pages')).toBeUndefined()
    expect(elsewhere.find('#huge-pages-hint').exists()).toBe(false)
  })

  it('offers no GPU choice with fewer than two GPUs', async () => {
    studioWith([TWO_GPUS[0]!])
    expect(labelled(await mounted(), 'GPU')).toBeUndefined()
  })

  it('says what will run the models and why the GPU will not, and what ran last', async () => {
    studioWith()
    useStoryStore().lastRun = {
      provider: 'cpu',
      providerAttempts: [{ provider: 'cuda', error: 'CUDA libraries are not installed', failure: 'not-installed' }, { provider: 'cpu' }],
    } as never
    const report = (await mounted()).get('.provider-report')
    expect(report.findAll('p').map((line) => line.text())).toEqual([
      'Models will run on cpu (CPU threads: 8).',
      'cuda was not used: libonnxruntime_providers_cuda.so is not installed',
      'Last run used cpu.',
      'cuda was not used: CUDA libraries are not installed',
    ])
  })

  it('says when nothing has run yet', async () => {
    studioWith()
    expect((await mounted()).get('.last-run').text()).toBe('No model has run yet in this session.')
  })

  it('shows the data folder, with a button to open it where the host can', async () => {
    studioWith(TWO_GPUS, true)
    fake.answer('settings.openDataFolder', () => ({ opened: true }))
    const wrapper = await mounted()
    expect(wrapper.get('.data-folder').text()).toBe('/home/ada/.config/Taleweaver')
    await wrapper.findAll('button').find((button) => button.text() === 'Open data folder')!.trigger('click')
    expect(fake.callsTo('settings.openDataFolder')).toEqual([{}])
  })

  it('in a browser shows the folder without a button, in Chinese too', async () => {
    studioWith(TWO_GPUS, false)
    const wrapper = await mounted('zh-CN')
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.text()).toContain('数据文件夹')
    expect(selectNamed(wrapper, '模型运行于').findAll('option').map((option) => option.text())).toEqual(['自动（最佳可用）', 'GPU', 'CPU'])
  })

  it('shows a refused change and puts the control back', async () => {
    fake.answer('settings.get', () => settingsReport())
    fake.answer('settings.set', () => {
      throw { code: 'invalid-input', message: 'threads must be at most 256' }
    })
    const wrapper = await mounted()
    await labelled(wrapper, 'CPU threads')!.get('input').setValue('64')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('threads must be at most 256')
    expect((labelled(wrapper, 'CPU threads')!.get('input').element as HTMLInputElement).value).toBe('0')
  })
})
