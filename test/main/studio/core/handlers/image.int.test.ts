import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackResolver } from '../../../../../src/main/studio/packs/resolver'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import type { ImageRenderProgress } from '../../../../../src/shared/contract'
import { runJob } from '../../../../../src/shared/run-job'
import { IMAGE_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

/** A resolver over fixture folders, standing in for the pack registry. */
function folderResolver(folders: Record<string, string>, active: string): PackResolver {
  return {
    resolve: async (kind, id) => ({ id: id ?? active, kind, dir: folders[id ?? active], defaults: { steps: 4, width: 64, height: 64 } }),
    openFolder: async () => {
      throw new Error('not used')
    },
  }
}

let scratch: string
let studio: Studio
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'image-handlers-'))
  studio = createStudio({ dataDir: scratch, packs: folderResolver(await fixturePacks(), IMAGE_FIXTURES.sdOptimum) })
})
afterAll(async () => {
  await studio.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('image.render through the studio and the inference process', () => {
  it('is a job that reports each step with a preview and ends with the picture', async () => {
    const progress: ImageRenderProgress[] = []
    const result = (await runJob(studio, 'image.render', { prompt: 'a fox in the snow', seed: 5, guidance: 6 }, { onProgress: (event) => progress.push(event) }))
    expect(result).toMatchObject({ seed: 5, steps: 4, width: 64, height: 64, scheduler: 'euler', provider: 'cpu' })
    const steps = progress.filter((event) => event.stage === 'denoise')
    expect(steps.map((event) => event.step)).toEqual([1, 2, 3, 4])
    expect(steps.every((event) => event.total === 4)).toBe(true)
    // Previews come at most about ten a second; the first step always brings one.
    expect(steps[0].preview).toMatch(/^data:image\/png;base64,/)
    expect(steps.every((event) => event.preview === undefined || event.preview.startsWith('data:image/png;base64,'))).toBe(true)
    const metadata = await sharp(Buffer.from(result.pngBase64, 'base64')).metadata()
    expect([metadata.width, metadata.height]).toEqual([64, 64])
    expect(result.timings.unetMs).toBeLessThanOrEqual(result.timings.denoiseMs)
  })

  it('cancels within a step, without decoding', async () => {
    const controller = new AbortController()
    const stages: string[] = []
    const job = runJob(studio, 'image.render', { prompt: 'a fox', steps: 200, width: 256, height: 256, pack: IMAGE_FIXTURES.sdOptimumLegacy }, {
      signal: controller.signal,
      onProgress: (event) => {
        stages.push(`${event.stage}${event.stage === 'denoise' ? event.step : ''}`)
        if (event.stage === 'denoise' && event.step === 1) controller.abort()
      },
    })
    await expect(job).rejects.toMatchObject({ code: 'cancelled' })
    expect(stages).not.toContain('decode')
    expect(stages.filter((stage) => stage.startsWith('denoise')).length).toBeLessThan(10)
  })

  it('refuses bad settings at the call, before any job starts', async () => {
    await expect(studio.call('image.render', { prompt: 'a', width: 30 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(studio.call('image.render', { prompt: 'a', steps: 0 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(studio.call('image.render', { prompt: 'a', guidance: Number.NaN })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})

describe('image.tokenize through the studio', () => {
  it('answers the 77 CLIP ids and the prompt token count', async () => {
    const result = await studio.call('image.tokenize', { text: 'the fox' })
    expect(result.ids).toHaveLength(77)
    expect(result.count).toBeGreaterThan(0)
    expect(result.truncated).toBe(false)
  })
})
