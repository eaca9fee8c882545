import { describe, expect, it } from 'vitest'
import type { HubFile } from '../../../../src/main/studio/packs/hub-api'
import { selectHubFiles } from '../../../../src/main/studio/packs/hub-variants'

const file = (path: string, size = 10): HubFile => ({ path, size, sha256: 'a'.repeat(64) })

const textRepo = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model.onnx_data',
  'onnx/model_fp16.onnx',
  'onnx/model_fp16.onnx_data',
  'onnx/model_quantized.onnx',
  'onnx/decoder_model_merged.onnx',
  'pytorch_model.bin',
  'model.safetensors',
].map((path) => file(path))

describe('selectHubFiles', () => {
  it('takes one text variant, saved under the plain name, with its own external data', () => {
    const fp16 = selectHubFiles(textRepo, 'fp16')
    expect(fp16).toMatchObject({ kind: 'text', variant: 'fp16', available: ['fp32', 'fp16', 'quantized'] })
    expect(fp16.files.map((f) => [f.path, f.localPath])).toEqual([
      ['config.json', 'config.json'],
      ['generation_config.json', 'generation_config.json'],
      ['tokenizer.json', 'tokenizer.json'],
      ['tokenizer_config.json', 'tokenizer_config.json'],
      ['onnx/model_fp16.onnx', 'onnx/model.onnx'],
      ['onnx/model_fp16.onnx_data', 'onnx/model_fp16.onnx_data'],
    ])
    const quantized = selectHubFiles(textRepo, 'quantized')
    expect(quantized.files.filter((f) => f.path.startsWith('onnx/')).map((f) => f.path)).toEqual(['onnx/model_quantized.onnx'])
  })

  it('defaults to fp32 with a notice, and refuses a variant the repository lacks', () => {
    const chosen = selectHubFiles(textRepo)
    expect(chosen.variant).toBe('fp32')
    expect(chosen.notices[0]).toMatch(/offers fp32, fp16, quantized/)
    expect(() => selectHubFiles(textRepo.filter((f) => !f.path.includes('fp16')), 'fp16')).toThrow(/no fp16 variant; it offers fp32, quantized/)
  })

  it('falls back to the merged decoder of older exports', () => {
    const merged = selectHubFiles([file('config.json'), file('onnx/decoder_model_merged_quantized.onnx')])
    expect(merged.variant).toBe('quantized')
    expect(merged.files.map((f) => f.localPath)).toEqual(['config.json', 'onnx/decoder_model_merged.onnx'])
  })

  it('takes the pipeline parts of a diffusers repository and leaves the rest on the hub', () => {
    const repo = [
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/vocab.json',
      'tokenizer/merges.txt',
      'text_encoder/model.onnx',
      'unet/model.onnx',
      'unet/weights.pb',
      'vae_decoder/model.onnx',
      'vae_encoder/model.onnx',
      'safety_checker/model.onnx',
      'feature_extractor/preprocessor_config.json',
    ].map((path) => file(path))
    const selection = selectHubFiles(repo)
    expect(selection).toMatchObject({ kind: 'image', variant: 'fp32', available: ['fp32'] })
    expect(selection.files.map((f) => f.localPath).sort()).toEqual([
      'model_index.json',
      'scheduler/scheduler_config.json',
      'text_encoder/model.onnx',
      'tokenizer/merges.txt',
      'tokenizer/vocab.json',
      'unet/model.onnx',
      'unet/weights.pb',
      'vae_decoder/model.onnx',
    ])
  })

  it('takes an upscaler repository (ONNX files, no config) in the variant asked for, saved as model.onnx', () => {
    const repo = ['README.md', 'realesr-general-x4v3.onnx', 'realesr-general-x4v3_fp16.onnx', 'model.pth'].map((path) => file(path))
    const fp32 = selectHubFiles(repo)
    expect(fp32).toMatchObject({ kind: 'upscaler', variant: 'fp32', available: ['fp32', 'fp16'] })
    expect(fp32.files.map((f) => [f.path, f.localPath])).toEqual([
      ['README.md', 'README.md'],
      ['realesr-general-x4v3.onnx', 'model.onnx'],
    ])
    expect(selectHubFiles(repo, 'fp16').files.map((f) => f.path)).toEqual(['README.md', 'realesr-general-x4v3_fp16.onnx'])
    expect(() => selectHubFiles([file('x2.onnx'), file('x4.onnx')])).toThrow(/several fp32 models/)
  })

  it('refuses SDXL, repositories without ONNX files, and unsafe file names', () => {
    expect(() => selectHubFiles([file('model_index.json'), file('text_encoder_2/model.onnx')])).toThrow(/SDXL/)
    expect(() => selectHubFiles([file('config.json'), file('model.safetensors')])).toThrow(/not an ONNX export/)
    expect(() => selectHubFiles([file('config.json'), file('onnx/model.onnx'), file('../evil.json')])).toThrow(/climbs out/)
  })
})
