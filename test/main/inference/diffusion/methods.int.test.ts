import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import type { ImageRenderProgress } from '../../../../src/shared/contract'
import { imageMethods, type ImageRenderParams } from '../../../../src/main/inference/diffusion/methods'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { releasePackSessions } from '../../../../src/main/inference/packs/session-release'
import { fixturePacks, IMAGE_FIXTURES } from '../../../fixtures/packs'

/** Runs the engine method in this thread, as the inference process would, collecting its events. */
async function render(params: Omit<ImageRenderParams, 'dir'>, pack: string = IMAGE_FIXTURES.sdOptimumLegacy) {
  const dir = (await fixturePacks())[pack as never]
  const events: ImageRenderProgress[] = []
  const result = await imageMethods['image.render']({ dir, provider: 'cpu', ...params }, {
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
  })
  return { result, events, png: Buffer.from(result.pngBase64, 'base64') }
}

afterAll(async () => {
  const packs = await fixturePacks()
  await releasePackSessions(packs[IMAGE_FIXTURES.sdOptimumLegacy])
})

describe('image.render', () => {
  it('gives a byte-identical PNG for the same seed and settings, another PNG for another seed', async () => {
    const settings = { prompt: 'a fox in a forest', negativePrompt: 'blurry', steps: 4, guidance: 5, scheduler: 'euler-a' as const, width: 64, height: 64 }
    const first = await render({ ...settings, seed: 1234 })
    const again = await render({ ...settings, seed: 1234 })
    const other = await render({ ...settings, seed: 1235 })
    expect(again.png.equals(first.png)).toBe(true)
    expect(other.png.equals(first.png)).toBe(false)
    const [a, b] = await Promise.all([first, other].map(({ png }) => sharp(png).raw().toBuffer()))
    expect(a.equals(b)).toBe(false)
  })

  it('embeds the settings as PNG text and reports them', async () => {
    const { result, png } = await render({ prompt: 'a fox', negativePrompt: 'rain', steps: 3, guidance: 6, scheduler: 'ddim', seed: 7, width: 48, height: 32, packId: 'tiny' })
    expect(result).toMatchObject({ seed: 7, steps: 3, guidance: 6, scheduler: 'ddim', width: 48, height: 32, provider: 'cpu', promptTruncated: false })
    const text = readPngText(png)
    expect(text).toEqual({
      parameters: 'a fox\nNegative prompt: rain\nSteps: 3, Sampler: ddim, CFG scale: 6, Seed: 7, Size: 48x32, Model: tiny',
      Software: 'Taleweaver',
      'taleweaver-record': expect.any(String),
    })
    // The full record, from which the picture can be drawn again.
    expect(JSON.parse(text['taleweaver-record'])).toMatchObject({ pack: { id: 'tiny' }, prompt: 'a fox', negativePrompt: 'rain', seed: 7, scheduler: 'ddim', steps: 3, guidance: 6, width: 48, height: 32, provider: 'cpu' })
    expect(await sharp(png).metadata()).toMatchObject({ width: 48, height: 32, format: 'png' })
  })

  it('reports every denoising step in order, the first with a small PNG preview, later ones when due', async () => {
    const { events } = await render({ prompt: 'a fox', steps: 5, seed: 1, width: 64, height: 64 })
    expect(events.map((event) => event.stage)).toEqual(['load', 'encode', 'denoise', 'denoise', 'denoise', 'denoise', 'denoise', 'decode'])
    const steps = events.filter((event) => event.stage === 'denoise')
    expect(steps.map((event) => [event.step, event.total])).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]])
    expect(steps[0].preview).toBeDefined()
    for (const { preview } of steps.filter((step) => step.preview !== undefined)) {
      expect(preview).toMatch(/^data:image\/png;base64,/)
      const size = await sharp(Buffer.from(preview!.split(',')[1], 'base64')).metadata()
      expect([size.width, size.height]).toEqual([8, 8])
    }
  })

  it('takes the manifest defaults and a random seed when the request leaves them out', async () => {
    const { result } = await render({ prompt: 'a fox', packDefaults: { steps: 2, guidance: 3, width: 40, height: 24, scheduler: 'dpmpp-2m-karras' } })
    expect(result).toMatchObject({ steps: 2, guidance: 3, width: 40, height: 24, scheduler: 'dpmpp-2m-karras' })
    expect(Number.isInteger(result.seed)).toBe(true)
  })

  it('says when the prompt was cut and when the pack scheduler was replaced', async () => {
    const { result } = await render({ prompt: 'the fox ran '.repeat(40), steps: 1, width: 32, height: 32 }, IMAGE_FIXTURES.sd)
    expect(result.promptTruncated).toBe(true)
    expect(result.scheduler).toBe('dpmpp-2m')
    expect(result.notices.join('\n')).toMatch(/PNDMScheduler/)
    expect(result.notices.join('\n')).toMatch(/only the first 75 were used/)
  })

  it('refuses sizes and settings the pack cannot render with invalid-input', async () => {
    await expect(render({ prompt: 'a', width: 60, height: 64 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(render({ prompt: 'a', steps: 0 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(render({ prompt: 'a', guidance: Number.NaN })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})

describe('image.tokenize', () => {
  it('answers 77 ids with the prompt token count, without opening the models', async () => {
    const dir = (await fixturePacks())[IMAGE_FIXTURES.lcm]
    const { ids, count, truncated } = await imageMethods['image.tokenize']({ dir, text: 'a fox' })
    expect(ids).toHaveLength(77)
    expect(ids[0]).toBe(766)
    expect(ids[count + 1]).toBe(767)
    expect(truncated).toBe(false)
  })
})
