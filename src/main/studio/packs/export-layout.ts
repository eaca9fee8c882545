/**
 * Recognises a plain model export (no pack.json) from its config files: a transformers.js /
 * Optimum GPT-2 folder (config.json with model_type gpt2 and onnx/*.onnx), a diffusers /
 * Optimum Stable-Diffusion folder (model_index.json with text_encoder/, unet/, vae_decoder/),
 * or a super-resolution export: one ONNX file and no config (Real-ESRGAN and its kin publish
 * the generator alone).
 */
import { readFile } from 'node:fs/promises'
import { ContractError } from '../../../shared/errors'
import type { PackKind } from '../../../shared/pack-manifest'
import type { FoundFile } from './pack-files'
import { packFilePath } from './pack-folder'

export interface ExportLayout {
  kind: PackKind
  /** The ONNX files of the export, relative POSIX paths. */
  models: string[]
  /** Parsed JSON config files by relative path (only the small ones the derivation reads). */
  configs: Record<string, Record<string, unknown>>
}

/** Config files worth reading, per kind. */
const CONFIG_FILES = [
  'config.json',
  'generation_config.json',
  'model_index.json',
  'scheduler/scheduler_config.json',
  'text_encoder/config.json',
  'unet/config.json',
  'vae_decoder/config.json',
]
const MAX_CONFIG_BYTES = 1024 * 1024

/** Reads the JSON configs present in a folder; a malformed one is a clear pack error. */
export async function readConfigs(dir: string, files: readonly FoundFile[]): Promise<ExportLayout['configs']> {
  const configs: ExportLayout['configs'] = {}
  for (const file of files) {
    if (!CONFIG_FILES.includes(file.path)) continue
    if (file.size > MAX_CONFIG_BYTES) throw new ContractError('pack-invalid', `${file.path} is too large to be a config file.`)
    try {
      const value = JSON.parse(await readFile(packFilePath(dir, file.path), 'utf8'))
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) configs[file.path] = value
      else throw new Error('not a JSON object')
    } catch (error) {
      throw new ContractError('pack-invalid', `${file.path} is not a valid JSON object (${(error as Error).message}).`)
    }
  }
  return configs
}

/**
 * Decides what kind of export a folder holds.
 * @throws ContractError `unsupported` for exports of other models, `pack-invalid` for folders
 * that are not model exports at all.
 */
export async function detectLayout(dir: string, files: readonly FoundFile[]): Promise<ExportLayout> {
  const configs = await readConfigs(dir, files)
  const onnx = files.map((file) => file.path).filter((path) => path.endsWith('.onnx'))
  if (configs['model_index.json']) {
    refuseOtherImageModels(files)
    return { kind: 'image', models: onnx.filter((path) => /^[a-z_]+\/model\.onnx$/.test(path)), configs }
  }
  const config = configs['config.json']
  if (config) {
    refuseOtherTextModels(config)
    const models = onnx.filter((path) => /^onnx\/[^/]+\.onnx$/.test(path))
    if (models.length === 0) throw new ContractError('pack-invalid', 'This GPT-2 folder has no ONNX model under onnx/ (export it with Optimum or transformers.js).')
    return { kind: 'text', models, configs }
  }
  if (onnx.length === 1) return { kind: 'upscaler', models: onnx, configs }
  if (onnx.length > 1) {
    throw new ContractError('pack-invalid', `This folder holds ${onnx.length} ONNX files and no config: an upscaler pack holds exactly one model.`)
  }
  throw new ContractError(
    'pack-invalid',
    'This folder is not a model pack: it has no pack.json, no model_index.json (diffusers), no config.json (transformers) and no ONNX upscaler.',
  )
}

/**
 * Refuses diffusers exports of image models other than Stable Diffusion 1.x/2.x (SDXL's second
 * text encoder, transformer-based pipelines), from their file paths alone.
 * @throws ContractError `unsupported`
 */
export function refuseOtherImageModels(files: readonly { path: string }[]): void {
  if (files.some((file) => /^(text_encoder_2|transformer)\//.test(file.path))) {
    throw new ContractError('unsupported', 'This is an SDXL or transformer-based image model; Taleweaver runs Stable Diffusion 1.x, 2.x, SD-Turbo and LCM packs.')
  }
}

/**
 * Refuses a transformers config.json of any model type but GPT-2.
 * @throws ContractError `unsupported`
 */
export function refuseOtherTextModels(config: Record<string, unknown>): void {
  const modelType = typeof config.model_type === 'string' ? config.model_type : 'unknown'
  if (modelType !== 'gpt2') {
    throw new ContractError('unsupported', `config.json says model_type ${modelType.slice(0, 40)}; Taleweaver runs GPT-2 text packs.`)
  }
}
