import { afterEach, describe, expect, it } from 'vitest'
import { PackSlot, releaseEverySlot } from '../../../../src/main/inference/runtime/pack-slot'
import { configureRuntime } from '../../../../src/main/inference/runtime/runtime-settings'
import { ENGINE_SETTINGS_DEFAULTS } from '../../../../src/shared/contract/settings'

/** A loader that records what it opens and releases (sessions stand in as strings: the slot's bookkeeping is what is tested). */
function recordingSlot() {
  const log: string[] = []
  let opened = 0
  const slot = new PackSlot<string, null>({
    open: async (dir, provider, variant) => {
      const name = `${dir}/${provider}/${variant}#${++opened}`
      log.push(`open ${name}`)
      return name
    },
    release: async (loaded) => void log.push(`release ${loaded}`),
    tokenizerOf: () => null,
    readTokenizer: async () => null,
  })
  return { slot, log }
}

afterEach(() => void configureRuntime({ ...ENGINE_SETTINGS_DEFAULTS }))

describe('PackSlot under changing engine settings', () => {
  it('releases its sessions when the settings change, and opens them again under the new ones at the next use', async () => {
    const { slot, log } = recordingSlot()
    await slot.use('/packs/a', 'cpu', async () => {})
    await slot.use('/packs/a', 'cpu', async () => {})
    expect(log).toEqual(['open /packs/a/cpu/#1'])

    expect(configureRuntime({ device: 'cpu', gpuIndex: 0, threads: 1, hugePages: true })).toBe(true)
    await releaseEverySlot()
    expect(log).toEqual(['open /packs/a/cpu/#1', 'release /packs/a/cpu/#1'])
    await slot.use('/packs/a', 'cpu', async () => {})
    expect(log.at(-1)).toBe('open /packs/a/cpu/#2')
    // The same settings again change nothing.
    expect(configureRuntime({ device: 'cpu', gpuIndex: 0, threads: 1, hugePages: true })).toBe(false)
  })

  it('keeps sessions a run is using until it ends, then releases them', async () => {
    const { slot, log } = recordingSlot()
    let finish!: () => void
    const running = slot.use('/packs/a', 'cpu', () => new Promise<void>((resolve) => (finish = resolve)))
    await new Promise((resolve) => setTimeout(resolve, 0))
    configureRuntime({ device: 'auto', gpuIndex: 0, threads: 2, hugePages: true })
    await releaseEverySlot()
    expect(log).toEqual(['open /packs/a/cpu/#1'])
    finish()
    await running
    expect(log).toEqual(['open /packs/a/cpu/#1', 'release /packs/a/cpu/#1'])
  })

  it('opens another variant of the same pack in place of the first', async () => {
    const { slot, log } = recordingSlot()
    await slot.use('/packs/a', 'cpu', async () => {}, 'int8')
    await slot.use('/packs/a', 'cpu', async () => {}, 'fp32')
    expect(log).toEqual(['open /packs/a/cpu/int8#1', 'release /packs/a/cpu/int8#1', 'open /packs/a/cpu/fp32#2'])
  })
})
