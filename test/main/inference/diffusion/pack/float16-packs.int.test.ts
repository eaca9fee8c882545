import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openImagePack } from '../../../../../src/main/inference/diffusion/pack/image-pack'
import { renderImage, type RenderSettings } from '../../../../../src/main/inference/diffusion/pipeline'
import { convertToFloat16 } from '../../../../../src/main/inference/quantize/float16-graph'
import { readModel, writeModel } from '../../../../../src/main/inference/quantize/onnx-model'
import { IMAGE_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

const SETTINGS: RenderSettings = { prompt: 'a fox in the snow', negativePrompt: '', steps: 4, guidance: 5, scheduler: 'euler', seed: 3, width: 64, height: 64 }
/**
 * Pixel differences (pictures span [-1, 1]) a float16 pipeline may show against float32: half
 * precision rounds at 1e-3 relative, and guidance of 5 amplifies the difference of two
 * predictions four steps running, so single pixels move more than the picture does.
 */
const TOLERANCE = { largest: 0.25, mean: 0.02 }

let scratch: string
let reference: Float32Array
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sd-fp16-'))
  const pack = await openImagePack((await fixturePacks())[IMAGE_FIXTURES.sd], { provider: 'cpu' })
  try {
    reference = (await renderImage(pack, SETTINGS)).picture
  } finally {
    await pack.release()
  }
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** The tiny SD pack with every model converted to float16, as half-precision exports ship. */
async function float16Pack(keepIoTypes: boolean): Promise<string> {
  const dir = join(scratch, keepIoTypes ? 'fp16-weights' : 'io16')
  await cp((await fixturePacks())[IMAGE_FIXTURES.sd], dir, { recursive: true })
  for (const component of ['text_encoder', 'unet', 'vae_decoder']) {
    const file = join(dir, component, 'model.onnx')
    const model = readModel(file)
    convertToFloat16(model, { keepIoTypes })
    await writeModel(model, file)
  }
  return dir
}

describe('float16 Stable Diffusion packs', () => {
  it.each([
    ['float16 weights with float32 inputs and outputs', true],
    ['io16: float16 inputs and outputs, converted at the edges', false],
  ])('%s render the float32 picture within tolerance', async (_label, keepIoTypes) => {
    const pack = await openImagePack(await float16Pack(keepIoTypes), { provider: 'cpu' })
    try {
      const { picture } = await renderImage(pack, SETTINGS)
      expect(picture).toHaveLength(reference.length)
      let largest = 0
      let sum = 0
      for (let i = 0; i < picture.length; i++) {
        const difference = Math.abs(picture[i] - reference[i])
        largest = Math.max(largest, difference)
        sum += difference
      }
      expect(largest).toBeLessThan(TOLERANCE.largest)
      expect(sum / picture.length).toBeLessThan(TOLERANCE.mean)
      // Half precision did run: the picture is not bit-identical to the float32 one.
      expect(largest).toBeGreaterThan(0)
    } finally {
      await pack.release()
    }
  })
})
