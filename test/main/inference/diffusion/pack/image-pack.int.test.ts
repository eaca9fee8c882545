import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openImagePack } from '../../../../../src/main/inference/diffusion/pack/image-pack'
import { ImagePackSlot } from '../../../../../src/main/inference/diffusion/pack-slot'
import { fixturePacks, IMAGE_FIXTURES } from '../../../../fixtures/packs'

const scratch: string[] = []
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A writable copy of a fixture pack, to break one file at a time. */
async function copyOf(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'image-pack-'))
  scratch.push(dir)
  await cp((await fixturePacks())[name as never], dir, { recursive: true })
  return dir
}

describe('opening each export flavour', () => {
  it.each([
    [IMAGE_FIXTURES.sd, 'int32', { type: 'float32', dims: [1] }, 'dpmpp-2m'],
    [IMAGE_FIXTURES.sdOptimumLegacy, 'int32', { type: 'int64', dims: [1] }, 'ddim'],
    [IMAGE_FIXTURES.sdOptimum, 'int64', { type: 'float32', dims: [] }, 'euler'],
    [IMAGE_FIXTURES.lcm, 'int32', { type: 'int64', dims: [1] }, 'lcm'],
  ])('%s: ids %s, timestep %j, scheduler %s', async (name, idsType, timestep, scheduler) => {
    const pack = await openImagePack((await fixturePacks())[name], { provider: 'cpu' })
    try {
      expect(pack.textEncoder.idsType).toBe(idsType)
      expect(pack.unet.timestep).toEqual(timestep)
      expect(pack.packScheduler.name).toBe(scheduler)
      expect(pack.unet.fixedBatch).toBeNull()
      expect(pack.provider).toBe('cpu')
      expect(pack.vaeScalingFactor).toBe(0.18215)
    } finally {
      await pack.release()
    }
  })

  it("reads the VAE scaling factor from the component's config.json", async () => {
    const dir = await copyOf(IMAGE_FIXTURES.sdOptimum)
    const configPath = join(dir, 'vae_decoder', 'config.json')
    await writeFile(configPath, JSON.stringify({ ...JSON.parse(await readFile(configPath, 'utf8')), scaling_factor: 0.13025 }))
    const pack = await openImagePack(dir, { provider: 'cpu' })
    expect(pack.vaeScalingFactor).toBe(0.13025)
    await pack.release()
  })
})

describe('packs that do not fit are refused, naming the file', () => {
  it('a UNet that is not a UNet', async () => {
    const dir = await copyOf(IMAGE_FIXTURES.sdOptimum)
    await cp(join(dir, 'vae_decoder', 'model.onnx'), join(dir, 'unet', 'model.onnx'))
    await expect(openImagePack(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('unet/model.onnx') })
  })

  it('a missing model', async () => {
    const dir = await copyOf(IMAGE_FIXTURES.sdOptimum)
    await rm(join(dir, 'vae_decoder', 'model.onnx'))
    await expect(openImagePack(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('vae_decoder/model.onnx') })
  })

  it('a missing model_index.json or a broken scheduler config', async () => {
    const dir = await copyOf(IMAGE_FIXTURES.sdOptimum)
    await writeFile(join(dir, 'scheduler', 'scheduler_config.json'), JSON.stringify({ beta_schedule: 'exotic' }))
    await expect(openImagePack(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('scheduler_config.json') })
    await rm(join(dir, 'model_index.json'))
    await expect(openImagePack(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('model_index.json') })
  })

  it('a text encoder whose width differs from the UNet cross-attention', async () => {
    const dir = await copyOf(IMAGE_FIXTURES.sdOptimum)
    const gpt2 = (await fixturePacks())['gpt2-tiny']
    await cp(join(gpt2, 'onnx', 'model.onnx'), join(dir, 'text_encoder', 'model.onnx'))
    await expect(openImagePack(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('text_encoder/model.onnx') })
  })
})

describe('the inference process keeps one image pack open', () => {
  it('releases the previous sessions when another pack is used', async () => {
    const packs = await fixturePacks()
    const slot = new ImagePackSlot()
    const first = await slot.use(packs[IMAGE_FIXTURES.sd], 'cpu', async (pack, loadedNow) => {
      expect(loadedNow).toBe(true)
      return pack
    })
    // Reused while it stays the current pack.
    await slot.use(packs[IMAGE_FIXTURES.sd], 'cpu', async (pack, loadedNow) => {
      expect(pack).toBe(first)
      expect(loadedNow).toBe(false)
    })
    const ids = (await first.textEncoder.encode([first.tokenizer.encode('a fox').ids])).hidden
    expect(ids.length).toBeGreaterThan(0)
    await slot.use(packs[IMAGE_FIXTURES.sdOptimum], 'cpu', async (_pack, loadedNow) => expect(loadedNow).toBe(true))
    // The first pack's sessions are gone: running them fails.
    await expect(first.textEncoder.encode([first.tokenizer.encode('a fox').ids])).rejects.toThrow()
    await slot.releaseDir(packs[IMAGE_FIXTURES.sdOptimum])
  })
})
