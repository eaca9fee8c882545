import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkRenderBudget, estimateRenderBytes } from '../../../../src/main/studio/packs/render-budget'
import type { ResolvedPack } from '../../../../src/main/studio/packs/resolver'
import { createStudio } from '../../../../src/main/studio/core/studio'
import { familyActivationMemory } from '../../../../src/main/formats/activation-memory'

const GIB = 2 ** 30
/** A 24 GB machine with 20 GB free, as the one a 2048 x 2048 render once ran out of memory. */
const twentyGigabytesFree = () => 20 * GIB

/** An image pack folder whose UNet config has `blocks` down blocks (SD 1.x: 4; the starter: 2). */
function imagePack(blocks: number, weightsBytes: number, defaults: Record<string, unknown> = {}): ResolvedPack {
  const dir = mkdtempSync(join(tmpdir(), 'tw-budget-'))
  mkdirSync(join(dir, 'unet'))
  writeFileSync(join(dir, 'unet', 'config.json'), JSON.stringify({ block_out_channels: Array.from({ length: blocks }, (_, i) => 320 * 2 ** i) }))
  return { id: 'sd', kind: 'image', architecture: 'sd15', dir, defaults, memoryBytes: weightsBytes }
}

describe('the memory budget of an image run', () => {
  it('grows with the square of the latent pixels (attention) and with the batch', () => {
    const sd15 = familyActivationMemory.sd15
    const at512 = estimateRenderBytes(0, sd15, 512, 512, 2)
    expect(estimateRenderBytes(0, sd15, 1024, 1024, 2)).toBeGreaterThan(8 * at512)
    expect(estimateRenderBytes(0, sd15, 512, 512, 1)).toBe(at512 / 2)
  })

  it('covers the peaks measured on SD 1.5-shaped exports, with a bounded margin', () => {
    // Peak MiB above the loaded weights, from tools/memory/measure-sd.ts (CPU provider, fp32):
    // a render peaks in the larger of a UNet step at its batch and the decode of one picture.
    // The estimate counts the decode per batch item, so a small guided render is over-estimated
    // by up to about twice; at 512 px the margin is about 25%.
    const measured = [
      { side: 256, unet: { 1: 66.5, 2: 130.4 }, decode: 240.1 },
      { side: 384, unet: { 1: 339.3, 2: 711.2 }, decode: 467.6 },
      { side: 512, unet: { 1: 1106.4, 2: 2210.2 }, decode: 957.6 },
    ]
    for (const { side, unet, decode } of measured) {
      for (const batch of [1, 2] as const) {
        const peak = Math.max(unet[batch], decode) * 2 ** 20
        const estimate = estimateRenderBytes(0, familyActivationMemory.sd15, side, side, batch)
        expect(estimate, `${side} px, batch ${batch}`).toBeGreaterThanOrEqual(peak)
        expect(estimate, `${side} px, batch ${batch}`).toBeLessThan((side >= 512 ? 1.4 : 2.2) * peak)
      }
    }
  })

  it('refuses at once a size that does not fit the free memory, offering the largest that does', async () => {
    const pack = imagePack(4, 4.3 * GIB)
    await expect(checkRenderBudget(pack, { prompt: 'a fox', width: 512, height: 512 }, twentyGigabytesFree)).resolves.toBeUndefined()
    const refused = checkRenderBudget(pack, { prompt: 'a fox', width: 2048, height: 2048 }, twentyGigabytesFree)
    await expect(refused).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/memory.*largest size that fits now is (\d+) x \1/) })
    const { details } = (await refused.catch((error: unknown) => error)) as { details: { largestSide: number } }
    expect(details.largestSide % 64).toBe(0)
    await expect(checkRenderBudget(pack, { prompt: '', width: details.largestSide, height: details.largestSide }, twentyGigabytesFree)).resolves.toBeUndefined()
    await expect(checkRenderBudget(pack, { prompt: '', width: details.largestSide + 64, height: details.largestSide + 64 }, twentyGigabytesFree)).rejects.toMatchObject({ code: 'unsupported' })
    // The pack's own default size counts when the request gives none.
    await expect(checkRenderBudget(imagePack(4, 4.3 * GIB, { width: 2048, height: 2048 }), { prompt: '' }, twentyGigabytesFree)).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('refuses sizes the UNet cannot take, with the valid choices: steps of 64 for SD, 16 for a two-block UNet', async () => {
    await expect(checkRenderBudget(imagePack(4, GIB), { prompt: '', width: 72, height: 512 }, twentyGigabytesFree)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('steps of 64 pixels; a width of 72 does not fit. Choose 64 or 128'),
    })
    await expect(checkRenderBudget(imagePack(2, GIB), { prompt: '', width: 128, height: 72 }, twentyGigabytesFree)).rejects.toMatchObject({
      message: expect.stringContaining('Choose 64 or 80'),
    })
    await expect(checkRenderBudget(imagePack(2, GIB), { prompt: '', width: 128, height: 80 }, twentyGigabytesFree)).resolves.toBeUndefined()
  })

  it('refuses at once a size other than the one an export is fixed to, naming it', async () => {
    const fixed = { ...imagePack(4, GIB), fixedSize: { width: 512, height: 384 } }
    await expect(checkRenderBudget(fixed, { prompt: '', width: 512, height: 512 }, twentyGigabytesFree)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('only renders 512 x 384'),
      details: { width: 512, height: 384 },
    })
    await expect(checkRenderBudget(fixed, { prompt: '', width: 512, height: 384 }, twentyGigabytesFree)).resolves.toBeUndefined()
  })

  it('is checked by image.render before any job starts', async () => {
    const pack = imagePack(4, 4.3 * GIB)
    const studio = createStudio({
      dataDir: mkdtempSync(join(tmpdir(), 'tw-budget-data-')),
      packs: { resolve: async () => pack, openFolder: async () => pack.id },
      freeMemory: twentyGigabytesFree,
    })
    try {
      await expect(studio.call('image.render', { prompt: 'a fox', width: 2048, height: 2048 })).rejects.toMatchObject({ code: 'unsupported', message: /memory/ })
      await expect(studio.call('image.render', { prompt: 'a fox', width: 72, height: 512 })).rejects.toMatchObject({ code: 'invalid-input' })
      pack.fixedSize = { width: 256, height: 256 }
      await expect(studio.call('image.render', { prompt: 'a fox', width: 512, height: 512 })).rejects.toMatchObject({ code: 'invalid-input', message: /only renders 256 x 256/ })
      expect(await studio.call('jobs.list', {})).toEqual([])
    } finally {
      await studio.close()
    }
  })
})
