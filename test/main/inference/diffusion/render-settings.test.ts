import { describe, expect, it } from 'vitest'
import { resolveRenderSettings } from '../../../../src/main/inference/diffusion/render-settings'

/** The parts of an opened pack that settings depend on: free sizes unless a test fixes them. */
function packShape(fixed: { height?: number; width?: number } = {}, notice?: string) {
  const size = { height: fixed.height ?? null, width: fixed.width ?? null }
  return {
    packScheduler: { name: 'dpmpp-2m' as const, notice },
    unet: { file: 'unet/model.onnx', fixedLatentSize: size },
    vaeDecoder: { file: 'vae_decoder/model.onnx', fixedLatentSize: { height: null, width: null } },
  } as never
}

describe('render settings', () => {
  it('takes the request first, then the manifest defaults, then the pack scheduler, then built-ins', () => {
    const { settings } = resolveRenderSettings({ prompt: 'a fox', steps: 3, seed: 5 }, { steps: 9, guidance: 2, width: 64, scheduler: 'lcm' }, packShape())
    expect(settings).toEqual({ prompt: 'a fox', negativePrompt: '', steps: 3, guidance: 2, scheduler: 'lcm', seed: 5, width: 64, height: 512 })
  })

  it("falls back to the pack's own scheduler and passes on its notice", () => {
    const { settings, notices } = resolveRenderSettings({ prompt: '' }, {}, packShape({}, 'PNDMScheduler is not available'))
    expect(settings.scheduler).toBe('dpmpp-2m')
    expect(notices).toEqual(['PNDMScheduler is not available'])
    expect(Number.isInteger(settings.seed)).toBe(true)
  })

  it('ignores malformed manifest defaults', () => {
    const { settings } = resolveRenderSettings({ prompt: 'x', seed: 1 }, { steps: -2, guidance: 'high', width: 7.5, scheduler: 'pndm' }, packShape())
    expect(settings).toMatchObject({ steps: 20, guidance: 7.5, width: 512, scheduler: 'dpmpp-2m' })
  })

  it.each([
    [{ width: 100 }, /Width must be a multiple of 8/],
    [{ height: 4096 }, /Height must be a multiple of 8 from 8 to 2048/],
    [{ steps: 0 }, /Steps must be a whole number/],
    [{ guidance: Number.NaN }, /Guidance must be a number/],
    [{ guidance: -1 }, /Guidance must be a number/],
    [{ seed: -3 }, /seed/],
  ])('refuses %j with invalid-input', (bad, message) => {
    expect(() => resolveRenderSettings({ prompt: 'x', ...bad }, {}, packShape())).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(message) }))
  })

  it('refuses a size a fixed-size export cannot render, naming the file', () => {
    expect(() => resolveRenderSettings({ prompt: 'x', width: 512, height: 768 }, {}, packShape({ height: 64, width: 64 }))).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining('512 x 512 (fixed by unet/model.onnx)') }),
    )
    expect(resolveRenderSettings({ prompt: 'x', width: 512, height: 512 }, {}, packShape({ height: 64, width: 64 })).settings.width).toBe(512)
  })
})
