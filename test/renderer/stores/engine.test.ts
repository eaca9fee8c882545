import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { settingsReport, TWO_GPUS } from '../settings-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useEngineStore } = await import('../../../src/renderer/src/stores/engine')

describe('engine store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('reads the settings from the studio and sends each change, keeping what the studio answers', async () => {
    let stored = settingsReport({}, { gpus: TWO_GPUS })
    fake.answer('settings.get', () => stored)
    fake.answer('settings.set', (change) => (stored = settingsReport({ ...stored.engine, ...change }, { gpus: TWO_GPUS })))
    const engine = useEngineStore()
    await engine.load()
    expect(engine.report?.engine).toEqual({ device: 'auto', gpuIndex: 0, threads: 0, hugePages: true })
    await engine.change({ gpuIndex: 1, device: 'gpu' })
    expect(fake.callsTo('settings.set')).toEqual([{ gpuIndex: 1, device: 'gpu' }])
    expect(engine.report?.engine).toEqual({ device: 'gpu', gpuIndex: 1, threads: 0, hugePages: true })
    expect(engine.saving).toBe(false)
  })

  it('keeps the settings as they were when the studio refuses a change, and says why', async () => {
    fake.answer('settings.get', () => settingsReport())
    fake.answer('settings.set', () => {
      throw { code: 'invalid-input', message: 'There is no GPU 2: no GPU was found on this machine.' }
    })
    const engine = useEngineStore()
    await engine.load()
    await engine.change({ gpuIndex: 2 })
    expect(engine.error).toBe('There is no GPU 2: no GPU was found on this machine.')
    expect(engine.report?.engine.gpuIndex).toBe(0)
  })

  it('asks the studio to open the data folder', async () => {
    fake.answer('settings.openDataFolder', () => ({ opened: true }))
    await useEngineStore().openDataFolder()
    expect(fake.callsTo('settings.openDataFolder')).toEqual([{}])
  })
})
