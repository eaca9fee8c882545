import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pictureToRgb } from '../../../../src/main/inference/diffusion/image/encode-png'
import { openImagePack, type ImagePack } from '../../../../src/main/inference/diffusion/pack/image-pack'
import { sessionSignature } from '../../../../src/main/inference/diffusion/pack/session-metadata'
import { UNet } from '../../../../src/main/inference/diffusion/pack/unet'
import { renderImage, type RenderSettings } from '../../../../src/main/inference/diffusion/pipeline'
import { openSession } from '../../../../src/main/inference/runtime/session'
import type { SchedulerName } from '../../../../src/shared/contract/image'
import { oraclePicture } from '../../../../tools/fixtures/sd/oracle-target'
import { fixturePacks, IMAGE_FIXTURES } from '../../../fixtures/packs'

// 64 x 48: not square, so a transposed latent or picture cannot pass.
const WIDTH = 64
const HEIGHT = 48
const expected = pictureToRgb(oraclePicture(HEIGHT, WIDTH), WIDTH, HEIGHT)

function settings(overrides: Partial<RenderSettings>): RenderSettings {
  return { prompt: 'a fox in the snow', negativePrompt: '', steps: 8, guidance: 1, scheduler: 'euler', seed: 11, width: WIDTH, height: HEIGHT, ...overrides }
}

/** Largest difference of any channel of any pixel, in 1/255 steps. */
function pixelError(picture: Float32Array): number {
  const rgb = pictureToRgb(picture, WIDTH, HEIGHT)
  let worst = 0
  for (let i = 0; i < rgb.length; i++) worst = Math.max(worst, Math.abs(rgb[i] - expected[i]))
  return worst
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

const opened: ImagePack[] = []
async function open(name: string): Promise<ImagePack> {
  const pack = await openImagePack((await fixturePacks())[name as keyof Awaited<ReturnType<typeof fixturePacks>>], { provider: 'cpu' })
  opened.push(pack)
  return pack
}
afterAll(async () => {
  await Promise.all(opened.map((pack) => pack.release()))
})

describe('the oracle UNet lands every deterministic scheduler on the known picture', () => {
  const variants = [
    [IMAGE_FIXTURES.oracle, 'timestep float32 [batch]'],
    [IMAGE_FIXTURES.oracleInt64Steps, 'timestep int64 [steps]'],
    [IMAGE_FIXTURES.oracleScalar, 'timestep float32 []'],
  ] as const
  // DDIM's last step re-noises to alpha_bar[0] when the config keeps set_alpha_to_one false
  // (SD 1.5 does), leaving sqrt(1 - 0.99915) of noise: a few levels off, by design.
  const tolerance: Record<string, number> = { ddim: 8, euler: 3, 'dpmpp-2m': 3, 'dpmpp-2m-karras': 3 }

  for (const [name, variant] of variants) {
    describe(variant, () => {
      let pack: ImagePack
      beforeAll(async () => {
        pack = await open(name)
      })
      for (const scheduler of ['ddim', 'euler', 'dpmpp-2m', 'dpmpp-2m-karras'] as SchedulerName[]) {
        for (const guidance of [1, 7.5]) {
          it(`${scheduler}, guidance ${guidance}`, async () => {
            const output = await renderImage(pack, settings({ scheduler, guidance }))
            expect(pixelError(output.picture)).toBeLessThanOrEqual(tolerance[scheduler])
          })
        }
      }
    })
  }

  it('LCM with its guidance embedding (timestep_cond)', async () => {
    const pack = await open(IMAGE_FIXTURES.oracleLcm)
    expect(pack.unet.timestepCondWidth).toBe(256)
    expect(pack.packScheduler.name).toBe('lcm')
    const output = await renderImage(pack, settings({ scheduler: 'lcm', steps: 4, guidance: 8 }))
    expect(pixelError(output.picture)).toBeLessThanOrEqual(3)
  })

  it("SD-Turbo's one step: Euler with trailing spacing from t = 999, no guidance", async () => {
    const pack = await open(IMAGE_FIXTURES.oracleScalar)
    const turbo: ImagePack = { ...pack, schedulerConfig: { ...pack.schedulerConfig, timestep_spacing: 'trailing' } }
    const steps: number[] = []
    const output = await renderImage(turbo, settings({ scheduler: 'euler', steps: 1, guidance: 0 }), { onStep: ({ timestep }) => steps.push(timestep) })
    expect(steps).toEqual([999])
    expect(pixelError(output.picture)).toBeLessThanOrEqual(3)
  })

  it('a wrong noise prediction does not land there (the check can fail)', async () => {
    const pack = await open(IMAGE_FIXTURES.sd)
    const output = await renderImage(pack, settings({ scheduler: 'euler' }))
    expect(pixelError(output.picture)).toBeGreaterThan(20)
  })
})

describe('classifier-free guidance', () => {
  it('gives the same picture as one batch of 2 or as two runs of a UNet fixed to batch 1', async () => {
    const pack = await open(IMAGE_FIXTURES.sd)
    const batched = await renderImage(pack, settings({ guidance: 7.5, scheduler: 'dpmpp-2m' }))
    // The same model, declared with a fixed batch of 1 (as some exports are): two runs per step.
    const { session } = await openSession(`${pack.dir}/unet/model.onnx`, 'cpu')
    const { inputs, outputs } = sessionSignature(session)
    const fixedInputs = inputs.map((input) => (input.name === 'timestep' ? input : { ...input, shape: [1, ...input.shape.slice(1)] }))
    const fixedUnet = new UNet(session, 'unet/model.onnx', fixedInputs, outputs)
    expect(fixedUnet.fixedBatch).toBe(1)
    const twoRuns = await renderImage({ ...pack, unet: fixedUnet }, settings({ guidance: 7.5, scheduler: 'dpmpp-2m' }))
    await session.release()
    expect(largestDifference(batched.picture, twoRuns.picture)).toBeLessThan(1e-4)
    // And guidance matters: without it the picture differs.
    const unguided = await renderImage(pack, settings({ guidance: 1, scheduler: 'dpmpp-2m' }))
    expect(largestDifference(batched.picture, unguided.picture)).toBeGreaterThan(0.01)
  })
})

describe('prompts', () => {
  it('an empty prompt renders (the unconditional embedding)', async () => {
    const pack = await open(IMAGE_FIXTURES.sdOptimum)
    expect(pack.textEncoder.idsType).toBe('int64')
    const output = await renderImage(pack, settings({ prompt: '', guidance: 7.5 }))
    expect(output.promptTokens).toBe(0)
    expect(output.picture.every(Number.isFinite)).toBe(true)
  })

  it('a prompt over 75 tokens is cut, and says so', async () => {
    const pack = await open(IMAGE_FIXTURES.sdOptimumLegacy)
    const output = await renderImage(pack, settings({ prompt: 'the fox ran '.repeat(40) }))
    expect(output.promptTruncated).toBe(true)
    expect(output.promptTokens).toBeGreaterThan(75)
  })
})

describe('cancellation', () => {
  it('takes effect before the next UNet run and skips the decode', async () => {
    const pack = await open(IMAGE_FIXTURES.sdOptimumLegacy)
    const controller = new AbortController()
    const steps: number[] = []
    let decodes = 0
    const decoder = pack.vaeDecoder
    const counting = Object.assign(Object.create(decoder) as typeof decoder, {
      decode: (...args: Parameters<typeof decoder.decode>) => {
        decodes += 1
        return decoder.decode(...args)
      },
    })
    const rendering = renderImage({ ...pack, vaeDecoder: counting }, settings({ steps: 10 }), {
      signal: controller.signal,
      onStep: ({ step }) => {
        steps.push(step)
        if (step === 2) controller.abort()
      },
    })
    await expect(rendering).rejects.toMatchObject({ code: 'cancelled' })
    expect(steps).toEqual([1, 2])
    expect(decodes).toBe(0)
    // Uncancelled, the same render decodes once.
    await renderImage({ ...pack, vaeDecoder: counting }, settings({ steps: 2 }))
    expect(decodes).toBe(1)
  })
})
