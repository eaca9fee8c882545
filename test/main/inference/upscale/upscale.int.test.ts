import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImageUpscaleProgress } from '../../../../src/shared/contract'
import { encodePng } from '../../../../src/main/inference/diffusion/image/encode-png'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { engineMethods } from '../../../../src/main/inference/methods'
import { upscalePicture } from '../../../../src/main/inference/upscale/upscale-picture'
import { openUpscaler, type UpscalerModel } from '../../../../src/main/inference/upscale/upscaler-model'
import { UPSCALER_FIXTURES, fixturePacks } from '../../../fixtures/packs'

let packs: Record<string, string>

beforeAll(async () => {
  packs = await fixturePacks()
})

/** A picture with detail everywhere: channel-major float32 in [0, 1]. */
function texture(width: number, height: number): Float32Array {
  return Float32Array.from({ length: 3 * width * height }, (_, i) => 0.5 + 0.45 * Math.sin(i * 0.37) * Math.cos(i * 0.011))
}

/** Largest difference between two pictures [3, height, width], ignoring `border` pixels on each side. */
function worstInside(a: Float32Array, b: Float32Array, width: number, height: number, border: number): number {
  let worst = 0
  for (let channel = 0; channel < 3; channel++) {
    for (let y = border; y < height - border; y++) {
      for (let x = border; x < width - border; x++) {
        const i = (channel * height + y) * width + x
        worst = Math.max(worst, Math.abs(a[i] - b[i]))
      }
    }
  }
  return worst
}

async function withModel<T>(name: string, work: (model: UpscalerModel) => Promise<T>): Promise<T> {
  const model = await openUpscaler(packs[name], 'cpu')
  try {
    return await work(model)
  } finally {
    await model.release()
  }
}

/** Runs the inference process's image.upscale method in this process, collecting its events. */
async function upscaleMethod(params: Omit<Parameters<(typeof engineMethods)['image.upscale']>[0], 'provider'>, signal = new AbortController().signal) {
  const events: ImageUpscaleProgress[] = []
  const result = await engineMethods['image.upscale']({ ...params, provider: 'cpu' }, { signal, emit: (event) => events.push(event) })
  return { result, events }
}

describe('upscaler packs in each published layout', () => {
  it('load and run, each at its own scale: declared, read from fixed shapes, or measured by a probe run', async () => {
    const found = []
    for (const name of Object.values(UPSCALER_FIXTURES)) {
      found.push(
        await withModel(name, async (model) => {
          const edge = model.fixedSize ?? 24
          const output = await model.run(texture(edge, edge), edge, edge)
          return { name, scale: model.scale, fixedSize: model.fixedSize, outputs: output.length / 3 / edge / edge }
        }),
      )
    }
    expect(found).toEqual([
      { name: UPSCALER_FIXTURES.dynamic, scale: 4, fixedSize: null, outputs: 16 },
      { name: UPSCALER_FIXTURES.tile64, scale: 2, fixedSize: 64, outputs: 4 },
      { name: UPSCALER_FIXTURES.fp16, scale: 4, fixedSize: null, outputs: 16 },
    ])
  })

  for (const name of [UPSCALER_FIXTURES.dynamic, UPSCALER_FIXTURES.fp16]) {
    it(`${name}: tiled and whole runs agree within 1/255 away from the border`, async () => {
      await withModel(name, async (model) => {
        const [width, height] = [150, 100]
        const pixels = texture(width, height)
        const whole = await upscalePicture(model, pixels, width, height, { tile: 1024, fixedTile: false })
        const tiled = await upscalePicture(model, pixels, width, height, { tile: 48, fixedTile: false })
        expect([whole.tiles, tiled.tiles]).toEqual([1, 12])
        expect(worstInside(whole.pixels, tiled.pixels, width * 4, height * 4, 8)).toBeLessThan(1 / 255)
      })
    })
  }

  it('pads a picture smaller than a fixed tile and cuts the padding from the result', async () => {
    await withModel(UPSCALER_FIXTURES.tile64, async (model) => {
      const result = await upscalePicture(model, texture(40, 30), 40, 30, { tile: 64, fixedTile: true })
      expect(result.tiles).toBe(1)
      expect(result.pixels.length).toBe(3 * 80 * 60)
    })
  })

  it('stops between tiles when cancelled', async () => {
    await withModel(UPSCALER_FIXTURES.dynamic, async (model) => {
      const controller = new AbortController()
      let ran = 0
      const upscaling = upscalePicture(model, texture(150, 100), 150, 100, {
        tile: 48,
        fixedTile: false,
        signal: controller.signal,
        onTile: () => {
          ran += 1
          controller.abort()
        },
      })
      await expect(upscaling).rejects.toThrow()
      expect(ran).toBe(1)
    })
  })
})

describe('image.upscale', () => {
  it('makes a 512 px picture 2048 px, reporting each tile and keeping the generation record with the upscale step added', async () => {
    const rgb = new Uint8ClampedArray(512 * 512 * 3).map((_, i) => (i * 7) % 256)
    const png = await encodePng(rgb, 512, 512, { parameters: 'a fox\nSteps: 20, Sampler: ddim, CFG scale: 7.5, Seed: 1, Size: 512x512', Software: 'Taleweaver' })
    const { result, events } = await upscaleMethod({ dir: packs[UPSCALER_FIXTURES.dynamic], packId: 'fixture-upscale-tiny', pngBase64: png.toString('base64'), tile: 256 })
    const out = Buffer.from(result.pngBase64, 'base64')
    expect(await sharp(out).metadata()).toMatchObject({ width: 2048, height: 2048 })
    expect(result).toMatchObject({ width: 2048, height: 2048, scale: 4, tiles: 9, tile: 256, provider: 'cpu' })
    expect(events.filter((event) => event.stage === 'tile').map((event) => event.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(readPngText(out)).toEqual({
      parameters: 'a fox\nSteps: 20, Sampler: ddim, CFG scale: 7.5, Seed: 1, Size: 512x512, Upscale: 4x, Upscaler: fixture-upscale-tiny, Upscaled size: 2048x2048',
      Software: 'Taleweaver',
    })
  })

  it('runs a x2 model twice for x4, and shrinks a x4 result for x2', async () => {
    const png = await encodePng(new Uint8ClampedArray(30 * 20 * 3).fill(90), 30, 20)
    const twice = await upscaleMethod({ dir: packs[UPSCALER_FIXTURES.tile64], pngBase64: png.toString('base64'), scale: 4 })
    expect(twice.result).toMatchObject({ width: 120, height: 80, scale: 4, tiles: 2 })
    const shrunk = await upscaleMethod({ dir: packs[UPSCALER_FIXTURES.dynamic], pngBase64: png.toString('base64'), scale: 2 })
    expect(shrunk.result).toMatchObject({ width: 60, height: 40, scale: 2, tiles: 1 })
    expect(await sharp(Buffer.from(shrunk.result.pngBase64, 'base64')).metadata()).toMatchObject({ width: 60, height: 40 })
  })

  it('refuses what is not a PNG with invalid-input', async () => {
    await expect(upscaleMethod({ dir: packs[UPSCALER_FIXTURES.dynamic], pngBase64: Buffer.from('not a picture').toString('base64') })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})
