import { describe, expect, it } from 'vitest'
import { deriveManifest, slugId } from '../../../../src/main/studio/packs/derive-manifest'
import type { ExportLayout } from '../../../../src/main/studio/packs/export-layout'
import type { InspectedModel } from '../../../../src/main/formats/signatures'

const sha = 'b'.repeat(64)
const files = ['model_index.json', 'text_encoder/model.onnx', 'unet/model.onnx', 'vae_decoder/model.onnx'].map((path) => ({ path, size: 1000, sha256: sha }))

function sdModels(width: number, extraUnetInput?: string, latent: number | string = 'height'): InspectedModel[] {
  return [
    { path: 'text_encoder/model.onnx', inputs: [{ name: 'input_ids', type: 'int32', shape: ['batch', 77] }], outputs: [{ name: 'last_hidden_state', type: 'float32', shape: ['batch', 77, width] }] },
    {
      path: 'unet/model.onnx',
      inputs: [
        { name: 'sample', type: 'float32', shape: ['batch', 4, latent, latent] },
        { name: 'timestep', type: 'float32', shape: ['batch'] },
        { name: 'encoder_hidden_states', type: 'float32', shape: ['batch', 77, width] },
        ...(extraUnetInput ? [{ name: extraUnetInput, type: 'float32', shape: ['batch', 256] }] : []),
      ],
      outputs: [{ name: 'out_sample', type: 'float32', shape: ['batch', 4, latent, latent] }],
    },
  ]
}

function imageLayout(scheduler: Record<string, unknown>, configs: ExportLayout['configs'] = {}): ExportLayout {
  return { kind: 'image', models: files.slice(1).map((f) => f.path), configs: { 'model_index.json': {}, 'scheduler/scheduler_config.json': scheduler, ...configs } }
}

describe('deriveManifest', () => {
  it('tells SD 1.x, SD 2.x, SD-Turbo and LCM apart and maps their schedulers', () => {
    const derive = (models: InspectedModel[], layout: ExportLayout, nameHint = 'Some Model') => deriveManifest({ layout, models, files, nameHint }).manifest
    expect(derive(sdModels(768), imageLayout({ _class_name: 'DDIMScheduler' }))).toMatchObject({ architecture: 'sd15', defaults: { scheduler: 'ddim', steps: 25, width: 512 } })
    expect(derive(sdModels(1024), imageLayout({ _class_name: 'DPMSolverMultistepScheduler', use_karras_sigmas: true }))).toMatchObject({
      architecture: 'sd2',
      defaults: { scheduler: 'dpmpp-2m-karras' },
    })
    expect(derive(sdModels(1024), imageLayout({ _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' }))).toMatchObject({
      architecture: 'sd-turbo',
      defaults: { steps: 1, guidance: 0, scheduler: 'euler' },
    })
    expect(derive(sdModels(768, 'timestep_cond'), imageLayout({ _class_name: 'LCMScheduler' }))).toMatchObject({ architecture: 'lcm', defaults: { scheduler: 'lcm', steps: 4 } })
  })

  it('takes the picture size from the UNet config or its fixed latent size', () => {
    const fromConfig = deriveManifest({ layout: imageLayout({}, { 'unet/config.json': { sample_size: 96 } }), models: sdModels(768), files, nameHint: 'x' })
    expect(fromConfig.manifest.defaults).toMatchObject({ width: 768, height: 768 })
    const fromShape = deriveManifest({ layout: imageLayout({}), models: sdModels(768, undefined, 8), files, nameHint: 'x' })
    expect(fromShape.manifest.defaults).toMatchObject({ width: 64, height: 64 })
    // A size fixed in the graph is recorded, so the studio can refuse others before a job starts.
    expect(fromShape.manifest.fixedSize).toEqual({ width: 64, height: 64 })
    expect(fromConfig.manifest.fixedSize).toBeUndefined()
    // PNDM has no counterpart: a notice says what is used instead.
    const pndm = deriveManifest({ layout: imageLayout({ _class_name: 'PNDMScheduler' }), models: sdModels(768), files, nameHint: 'x' })
    expect(pndm.notices.join(' ')).toMatch(/PNDMScheduler.*DDIM/)
  })

  it('derives an upscaler: scale and tile from fixed shapes, none (measured at load) for a free size', () => {
    const upscaler = (input: (number | string)[], output: (number | string)[]) => [
      { path: 'RealESRGAN_x4.onnx', inputs: [{ name: 'image', type: 'float32', shape: input }], outputs: [{ name: 'output', type: 'float32', shape: output }] },
    ]
    const layout: ExportLayout = { kind: 'upscaler', models: ['RealESRGAN_x4.onnx'], configs: {} }
    const onnxFile = [{ path: 'RealESRGAN_x4.onnx', size: 1000, sha256: sha }]
    const fixed = deriveManifest({ layout, models: upscaler([1, 3, 128, 128], [1, 3, 512, 512]), files: onnxFile, nameHint: 'RealESRGAN x4' })
    expect(fixed.manifest).toMatchObject({ id: 'realesrgan-x4', kind: 'upscaler', architecture: 'esrgan', defaults: { scale: 4, tile: 128 } })
    const free = deriveManifest({ layout, models: upscaler(['batch', 3, 'height', 'width'], ['batch', 3, 'h', 'w']), files: onnxFile, nameHint: 'x' })
    expect(free.manifest.defaults).toEqual({})
    expect(free.notices.join(' ')).toMatch(/measured when it is first loaded/)
    expect(() => deriveManifest({ layout, models: upscaler([1, 3, 64, 64], [1, 3, 192, 192]), files: onnxFile, nameHint: 'x' })).toThrow(/x2 and x4/)
  })

  it('refuses SDXL-width encoders', () => {
    expect(() => deriveManifest({ layout: imageLayout({}), models: sdModels(2048), files, nameHint: 'x' })).toThrow(/SDXL/)
  })

  it('makes safe ids from any name', () => {
    expect(slugId('My Story Model v2!')).toBe('my-story-model-v2')
    expect(slugId('../..')).toBe('imported-pack')
    expect(slugId('Ünïcode Tales')).toBe('unicode-tales')
    expect(slugId('a'.repeat(100))).toHaveLength(64)
  })
})
