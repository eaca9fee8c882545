import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import type { GpuDevice } from '../../../../../src/shared/contract'
import { runJob } from '../../../../../src/shared/run-job'

// No GPU can be present on the machines these tests run on: the two GPUs are an injected list.
const twoGpus: GpuDevice[] = [
  { index: 0, name: 'NVIDIA GeForce RTX 4060', memoryBytes: 8 * 2 ** 30 },
  { index: 1, name: 'NVIDIA GeForce RTX 4090', memoryBytes: 24 * 2 ** 30 },
]

let scratch: string
let dataDir: string
let studio: Studio
const opened: string[] = []

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'settings-handlers-'))
  dataDir = join(scratch, 'data')
  studio = createStudio({
    dataDir,
    packs: { resourcesDir: join(import.meta.dirname, '../../../../../resources') },
    detectGpus: async () => twoGpus,
    openFolder: async (path) => void opened.push(path),
  })
})
afterAll(async () => {
  await studio?.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('settings.*', () => {
  it('starts from auto, one thread per core, the first GPU, and says what runs and why', async () => {
    const report = await studio.call('settings.get', {})
    expect(report.engine).toEqual({ device: 'auto', gpuIndex: 0, threads: 0, hugePages: true })
    expect(report.hugePagesApply).toBe(process.platform === 'linux')
    expect(report.gpus).toEqual(twoGpus)
    expect(report.dataDir).toBe(dataDir)
    expect(report.canOpenFolders).toBe(true)
    // This machine has no CUDA provider installed: the plan says so and falls to the CPU.
    expect(report.plan).toMatchObject({ provider: 'cpu', threads: availableParallelism(), gpuIndex: 0 })
    expect(report.plan.attempts.at(-1)).toEqual({ provider: 'cpu' })
    for (const skipped of report.plan.attempts.slice(0, -1)) expect(skipped.error).toEqual(expect.any(String))
  })

  it('keeps a change in the data folder, and the inference process applies it (also after a restart)', async () => {
    const report = await studio.call('settings.set', { device: 'cpu', threads: 1, gpuIndex: 1, hugePages: false })
    expect(report.engine).toEqual({ device: 'cpu', gpuIndex: 1, threads: 1, hugePages: false })
    expect(report.plan).toEqual({ provider: 'cpu', attempts: [{ provider: 'cpu' }], threads: 1, gpuIndex: 1 })
    expect(JSON.parse(await readFile(join(dataDir, 'engine-settings.json'), 'utf8'))).toEqual({ formatVersion: 1, engine: report.engine })

    // A story still continues under the new settings (its sessions are opened with them).
    const result = await runJob(studio, 'text.generate', { prompt: 'Once upon a time', options: { maxNewTokens: 4, seed: 1 } })
    expect(result.provider).toBe('cpu')

    // A fresh inference process gets the settings before its first run.
    await studio.engine.dispose()
    expect((await studio.call('settings.get', {})).plan).toMatchObject({ threads: 1, gpuIndex: 1 })
  })

  it('is read back by a studio opened later over the same data folder', async () => {
    const later = createStudio({ dataDir, packs: { resourcesDir: join(scratch, 'none') }, detectGpus: async () => [] })
    try {
      const report = await later.call('settings.get', {})
      expect(report.engine).toEqual({ device: 'cpu', gpuIndex: 1, threads: 1, hugePages: false })
      expect(report.plan.threads).toBe(1)
      expect(report.canOpenFolders).toBe(false)
      await expect(later.call('settings.openDataFolder', {})).rejects.toMatchObject({ code: 'unsupported' })
    } finally {
      await later.close()
    }
  })

  it('refuses a GPU this machine does not have, and a thread count out of range, changing nothing', async () => {
    await expect(studio.call('settings.set', { gpuIndex: 2 })).rejects.toMatchObject({ code: 'invalid-input', message: 'There is no GPU 2: this machine has 2 GPUs (0 to 1).' })
    await expect(studio.call('settings.set', { threads: 1000 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(studio.call('settings.set', { device: 'tpu' as never })).rejects.toMatchObject({ code: 'invalid-input' })
    expect((await studio.call('settings.get', {})).engine).toEqual({ device: 'cpu', gpuIndex: 1, threads: 1, hugePages: false })
  })

  it('opens the data folder through the host', async () => {
    expect(await studio.call('settings.openDataFolder', {})).toEqual({ opened: true })
    expect(opened).toEqual([dataDir])
  })
})
