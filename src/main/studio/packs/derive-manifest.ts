/**
 * Writes the manifest a plain export lacks: its kind and architecture from the config files and
 * the models' signatures, its defaults from the generation or scheduler config, and the list of
 * its files with their sizes and hashes.
 */
import type { z } from 'zod'
import { ContractError } from '../../../shared/errors'
import {
  ImagePackDefaults,
  PACK_FORMAT_VERSION,
  PACK_ID_PATTERN,
  PackManifest,
  TextPackDefaults,
  UpscalerPackDefaults,
  type FixedPictureSize,
  type PackArchitecture,
  type PackFile,
  type PackSource,
} from '../../../shared/pack-manifest'
import type { SchedulerName } from '../../../shared/contract'
import { familyActivationMemory } from '../../formats/activation-memory'
import { schedulerNameForClass } from '../../formats/scheduler-classes'
import type { ExportLayout } from './export-layout'
import { lastDim, type InspectedModel } from '../../formats/signatures'

export interface DeriveInput {
  layout: ExportLayout
  models: readonly InspectedModel[]
  files: PackFile[]
  /** A name to show and to make the id from (folder, archive or repository name). */
  nameHint: string
  source?: PackSource
  /** Licence from the repository's card, when known. */
  licence?: string
}

export interface DerivedManifest {
  manifest: PackManifest
  /** What was guessed or mapped, for the person to read. */
  notices: string[]
}

/** Turns any name into a pack id: accents dropped, lowercase, safe characters, at most 64 characters. */
export function slugId(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[._-]+$/, '')
  return PACK_ID_PATTERN.test(slug) ? slug : 'imported-pack'
}

/** Derives and validates the manifest of a plain export. */
export function deriveManifest(input: DeriveInput): DerivedManifest {
  const notices: string[] = []
  const { layout } = input
  const modelBytes = input.files.filter((file) => isWeightFile(file.path, layout.models)).reduce((sum, file) => sum + file.size, 0)
  const common = {
    formatVersion: PACK_FORMAT_VERSION,
    id: slugId(input.nameHint),
    name: input.nameHint.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 80) || 'Imported pack',
    version: '1.0.0',
    licence: input.licence?.slice(0, 64) || 'unknown',
    description: 'Imported from a model export; the manifest was derived from its config files.',
    files: input.files,
    // Weights plus room for activations and the runtime's own buffers.
    memoryBytes: Math.ceil(modelBytes * 1.25),
    ...(input.source ? { source: input.source } : {}),
  }
  if (!input.licence) notices.push('The licence is unknown: check the model card before sharing what you make with it.')
  const specific =
    layout.kind === 'text'
      ? { kind: 'text' as const, architecture: 'gpt2' as const, defaults: textDefaults(layout, notices) }
      : layout.kind === 'upscaler'
        ? { kind: 'upscaler' as const, architecture: 'esrgan' as const, defaults: upscalerDefaults(input, notices) }
        : imageFields(input, notices)
  const parsed = PackManifest.safeParse({ ...common, ...specific })
  if (!parsed.success) {
    throw new ContractError('pack-invalid', `Could not derive a valid manifest: ${parsed.error.issues[0]?.message}`)
  }
  return { manifest: parsed.data, notices }
}

/** ONNX files and the data files beside them (same folder, not a config, tokenizer or text file). */
function isWeightFile(path: string, models: readonly string[]): boolean {
  if (models.includes(path)) return true
  const folder = path.slice(0, path.lastIndexOf('/') + 1)
  return models.some((model) => model.startsWith(folder) && folder !== '') && !/\.(json|txt|md)$/.test(path)
}

/** generation_config.json keys and the sampling options they become. */
const generationKeys: Record<string, keyof z.infer<typeof TextPackDefaults>> = {
  max_new_tokens: 'maxNewTokens',
  min_new_tokens: 'minNewTokens',
  temperature: 'temperature',
  top_k: 'topK',
  top_p: 'topP',
  repetition_penalty: 'repetitionPenalty',
  no_repeat_ngram_size: 'noRepeatNgramSize',
}

function textDefaults(layout: ExportLayout, notices: string[]): z.infer<typeof TextPackDefaults> {
  const generation = layout.configs['generation_config.json'] ?? {}
  const defaults: Record<string, unknown> = {}
  for (const [key, option] of Object.entries(generationKeys)) {
    if (generation[key] === undefined || generation[key] === null) continue
    const candidate = { [option]: generation[key] }
    if (TextPackDefaults.safeParse(candidate).success) defaults[option] = generation[key]
    else notices.push(`generation_config.json: ${key} = ${JSON.stringify(generation[key])} is out of range and was left out.`)
  }
  return TextPackDefaults.parse(defaults)
}

/**
 * An upscaler's scale and tile size from its fixed shapes, when the export fixes them; a model
 * with free height and width has its scale measured by a probe run when it is first loaded.
 */
function upscalerDefaults(input: DeriveInput, notices: string[]): z.infer<typeof UpscalerPackDefaults> {
  const model = input.models[0]
  const inShape = model?.inputs[0]?.shape
  const outShape = model?.outputs[0]?.shape
  const inHeight = inShape?.[2]
  const outHeight = outShape?.[2]
  if (typeof inHeight !== 'number' || inHeight <= 0) {
    notices.push('The upscaler takes pictures of any size; its scale is measured when it is first loaded.')
    return {}
  }
  const scale = typeof outHeight === 'number' ? outHeight / inHeight : undefined
  const defaults = UpscalerPackDefaults.safeParse({ scale, tile: inHeight })
  if (!defaults.success) throw new ContractError('unsupported', `The upscaler turns ${inHeight} pixels into ${String(outHeight)}; Taleweaver runs x2 and x4 upscalers.`)
  return defaults.data
}

type ImageArchitecture = PackArchitecture<'image'>

/** Rendering defaults each architecture is made for. */
const architectureDefaults: Record<ImageArchitecture, { steps: number; guidance: number; size: number; scheduler?: SchedulerName }> = {
  sd15: { steps: 25, guidance: 7.5, size: 512 },
  sd2: { steps: 25, guidance: 7.5, size: 512 },
  'sd-turbo': { steps: 1, guidance: 0, size: 512, scheduler: 'euler' },
  lcm: { steps: 4, guidance: 8, size: 512, scheduler: 'lcm' },
}

function imageFields(input: DeriveInput, notices: string[]) {
  const { configs } = input.layout
  const scheduler = configs['scheduler/scheduler_config.json'] ?? {}
  const schedulerClass = String(scheduler._class_name ?? '')
  const architecture = imageArchitecture(input, schedulerClass, scheduler, notices)
  const base = architectureDefaults[architecture]

  let schedulerName = base.scheduler ?? schedulerNameForClass(schedulerClass, scheduler)
  if (!schedulerName) {
    schedulerName = 'ddim'
    notices.push(`The export's scheduler ${schedulerClass || '(none)'} is not one Taleweaver has; DDIM is used instead.`)
  }
  const size = latentSize(input) ?? base.size
  const defaults = ImagePackDefaults.safeParse({ steps: base.steps, guidance: base.guidance, width: size, height: size, scheduler: schedulerName })
  if (!defaults.success) throw new ContractError('pack-invalid', `The export's picture size ${size} is not usable (a multiple of 8, at most 2048).`)
  // Recorded in the pack, so the memory budget of every later render reads it from there, and
  // a size the export cannot take is refused before the job starts.
  const fixedSize = fixedPictureSize(input)
  return { kind: 'image' as const, architecture, defaults: defaults.data, activationMemory: familyActivationMemory[architecture], ...(fixedSize ? { fixedSize } : {}) }
}

function imageArchitecture(input: DeriveInput, schedulerClass: string, scheduler: Record<string, unknown>, notices: string[]): ImageArchitecture {
  const { configs } = input.layout
  const unet = input.models.find((model) => model.path === 'unet/model.onnx')
  const pipeline = String(configs['model_index.json']?._class_name ?? '')
  if (unet?.inputs.some((tensor) => tensor.name === 'timestep_cond') || schedulerClass === 'LCMScheduler' || /LatentConsistency/.test(pipeline)) {
    return 'lcm'
  }
  const width =
    lastDim(input.models, /^text_encoder\//, 'output', 'last_hidden_state') ??
    lastDim(input.models, /^unet\//, 'input', 'encoder_hidden_states') ??
    configs['text_encoder/config.json']?.hidden_size
  if (width === 2048) throw new ContractError('unsupported', 'This is an SDXL model; Taleweaver runs Stable Diffusion 1.x, 2.x, SD-Turbo and LCM packs.')
  if (width === 1024) {
    const turbo = scheduler.timestep_spacing === 'trailing' || /turbo/i.test(input.nameHint) || /turbo/i.test(input.source?.repo ?? '')
    return turbo ? 'sd-turbo' : 'sd2'
  }
  if (width !== 768) notices.push(`The text encoder's width is ${String(width)}, not SD 1.x's 768; the pack is treated as SD 1.x.`)
  return 'sd15'
}

/** The picture size an export is fixed to: both latent sides fixed in its UNet's or VAE decoder's graph. */
function fixedPictureSize(input: DeriveInput): FixedPictureSize | undefined {
  for (const [path, name] of [['unet/model.onnx', 'sample'], ['vae_decoder/model.onnx', 'latent_sample']]) {
    const shape = input.models.find((model) => model.path === path)?.inputs.find((tensor) => tensor.name === name)?.shape
    const [height, width] = [shape?.[2], shape?.[3]]
    if (typeof height === 'number' && typeof width === 'number' && height > 0 && width > 0) return { width: width * 8, height: height * 8 }
  }
  return undefined
}

/** Picture size from the UNet's config or its fixed latent dimensions, when the export says. */
function latentSize(input: DeriveInput): number | undefined {
  const sampleSize = input.layout.configs['unet/config.json']?.sample_size
  if (typeof sampleSize === 'number' && Number.isInteger(sampleSize)) return sampleSize * 8
  const sample = input.models.find((model) => model.path === 'unet/model.onnx')?.inputs.find((tensor) => tensor.name === 'sample')
  const height = sample?.shape?.[2]
  return typeof height === 'number' && height > 0 ? height * 8 : undefined
}
