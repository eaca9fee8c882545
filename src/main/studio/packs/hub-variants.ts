/**
 * Which files of a hub repository make a pack, and in which weight variant. A transformers.js
 * repository often holds the same model several times (`model.onnx`, `model_fp16.onnx`,
 * `model_quantized.onnx`, ...); a pack takes one of them, saved under the plain name the
 * engines look for, plus the configs and tokenizer beside it. Everything else (other
 * variants, PyTorch weights, safety checker, images in the card) is left on the hub.
 */
import { ContractError } from '../../../shared/errors'
import { packVariants, unsafePathReason, type PackKind, type PackVariant } from '../../../shared/pack-manifest'
import { refuseOtherImageModels } from './export-layout'
import type { HubFile } from './hub-api'

/** A file to fetch: where it is in the repository and where it goes in the pack. */
export interface PlannedFile extends HubFile {
  /** Path inside the pack (differs from `path` for a variant saved under the plain name). */
  localPath: string
}

export interface FileSelection {
  kind: PackKind
  variant: PackVariant
  /** Every variant the repository offers, for the person to choose from. */
  available: PackVariant[]
  files: PlannedFile[]
  notices: string[]
}

/** File-name suffixes of each variant, most preferred first. */
const variantSuffixes: Record<PackVariant, readonly string[]> = {
  fp32: [''],
  fp16: ['_fp16'],
  quantized: ['_quantized', '_int8', '_uint8', '_q4'],
}

/** Small files a GPT-2 pack needs besides the model. */
const TEXT_SIDE_FILES = /^(config\.json|generation_config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.json|merges\.txt|added_tokens\.json|LICEN[CS]E(\.\w+)?|README\.md)$/
/** Folders of a diffusers pipeline that the studio runs (no vae_encoder, safety checker or feature extractor). */
const IMAGE_COMPONENTS = ['text_encoder', 'unet', 'vae_decoder'] as const
const IMAGE_SIDE_FILES = /^(model_index\.json|scheduler\/scheduler_config\.json|tokenizer\/[^/]+|(text_encoder|unet|vae_decoder)\/config\.json|LICEN[CS]E(\.\w+)?|README\.md)$/

/** Decides kind, variant and files; refuses repositories the studio cannot run. */
export function selectHubFiles(files: readonly HubFile[], requested?: PackVariant): FileSelection {
  for (const file of files) {
    const reason = unsafePathReason(file.path)
    if (reason) throw new ContractError('pack-invalid', `The repository lists a file ${JSON.stringify(file.path.slice(0, 80))} that ${reason}.`)
  }
  const paths = new Set(files.map((file) => file.path))
  if (paths.has('model_index.json')) return selectImage(files, requested)
  if (paths.has('config.json') && files.some((file) => /^onnx\/[^/]+\.onnx$/.test(file.path))) return selectText(files, requested)
  if (!paths.has('config.json') && files.some((file) => file.path.endsWith('.onnx'))) return selectUpscaler(files, requested)
  throw new ContractError(
    'unsupported',
    'This repository is not an ONNX export Taleweaver can run: it needs onnx/*.onnx with config.json (GPT-2), model_index.json with ONNX components (Stable Diffusion) or one ONNX upscaler.',
  )
}

/** The variant an upscaler file holds, from its name (exports add fp16 / int8 to it). */
function upscalerVariant(path: string): PackVariant {
  if (/fp16|half/i.test(path)) return 'fp16'
  if (/quantized|int8|uint8|q4/i.test(path)) return 'quantized'
  return 'fp32'
}

/** A super-resolution repository: one ONNX file per variant, saved under the plain name model.onnx. */
function selectUpscaler(files: readonly HubFile[], requested?: PackVariant): FileSelection {
  const models = files.filter((file) => file.path.endsWith('.onnx'))
  const offered = packVariants.filter((variant) => models.some((file) => upscalerVariant(file.path) === variant))
  const { variant, available, notices } = chooseVariant(offered, requested)
  const candidates = models.filter((file) => upscalerVariant(file.path) === variant)
  if (candidates.length > 1) {
    const names = candidates.map((file) => file.path).slice(0, 5).join(', ')
    throw new ContractError('unsupported', `The repository holds several ${variant} models (${names}); download one of them as its own pack folder and import it.`)
  }
  const selected: PlannedFile[] = files.filter((file) => /^(LICEN[CS]E(\.\w+)?|README\.md)$/.test(file.path)).map((file) => ({ ...file, localPath: file.path }))
  // Renamed in its own folder: external data beside it keeps the name the model refers to.
  selected.push(...withExternalData(files, candidates[0].path, candidates[0].path.replace(/[^/]+$/, 'model.onnx')))
  return { kind: 'upscaler', variant, available, files: selected, notices }
}

function selectText(files: readonly HubFile[], requested?: PackVariant): FileSelection {
  // For each variant: the decoder file to use (the single-file export first, then the merged one).
  const choices = new Map<PackVariant, { path: string; plain: string }>()
  for (const variant of packVariants) {
    for (const base of ['model', 'decoder_model_merged']) {
      const suffix = variantSuffixes[variant].find((candidate) => files.some((file) => file.path === `onnx/${base}${candidate}.onnx`))
      if (suffix !== undefined) {
        choices.set(variant, { path: `onnx/${base}${suffix}.onnx`, plain: `onnx/${base}.onnx` })
        break
      }
    }
  }
  const { variant, available, notices } = chooseVariant([...choices.keys()], requested)
  const model = choices.get(variant)!
  const selected: PlannedFile[] = files.filter((file) => TEXT_SIDE_FILES.test(file.path)).map((file) => ({ ...file, localPath: file.path }))
  selected.push(...withExternalData(files, model.path, model.plain))
  return { kind: 'text', variant, available, files: selected, notices }
}

function selectImage(files: readonly HubFile[], requested?: PackVariant): FileSelection {
  refuseOtherImageModels(files)
  const offered = packVariants.filter((variant) =>
    IMAGE_COMPONENTS.every((component) => variantSuffixes[variant].some((suffix) => files.some((file) => file.path === `${component}/model${suffix}.onnx`))),
  )
  const { variant, available, notices } = chooseVariant(offered, requested)
  const selected: PlannedFile[] = files.filter((file) => IMAGE_SIDE_FILES.test(file.path)).map((file) => ({ ...file, localPath: file.path }))
  for (const component of IMAGE_COMPONENTS) {
    const suffix = variantSuffixes[variant].find((candidate) => files.some((file) => file.path === `${component}/model${candidate}.onnx`))!
    selected.push(...withExternalData(files, `${component}/model${suffix}.onnx`, `${component}/model.onnx`))
  }
  return { kind: 'image', variant, available, files: selected, notices }
}

function chooseVariant(offered: PackVariant[], requested?: PackVariant) {
  if (offered.length === 0) throw new ContractError('unsupported', 'The repository has no complete set of ONNX files.')
  const notices: string[] = []
  if (requested && !offered.includes(requested)) {
    throw new ContractError('invalid-input', `The repository has no ${requested} variant; it offers ${offered.join(', ')}.`)
  }
  // fp32 runs everywhere and is what the exporters' plain names hold; others only on request.
  const variant = requested ?? (offered.includes('fp32') ? 'fp32' : offered[0])
  if (!requested && offered.length > 1) notices.push(`The repository offers ${offered.join(', ')}; ${variant} was chosen (pass --variant to pick another).`)
  return { variant, available: offered, notices }
}

/**
 * The model file (saved under its plain name) and the data files beside it: `<name>.onnx_data`,
 * `<name>.onnx_data_1`, ..., or a folder-wide `weights.pb`. Their names stay as they are, since
 * the model refers to them by name.
 */
function withExternalData(files: readonly HubFile[], modelPath: string, plainPath: string): PlannedFile[] {
  const folder = modelPath.slice(0, modelPath.lastIndexOf('/') + 1)
  const base = modelPath.slice(folder.length)
  const data = files.filter((file) => {
    if (!file.path.startsWith(folder) || file.path.slice(folder.length).includes('/')) return false
    const name = file.path.slice(folder.length)
    return name.startsWith(`${base}_data`) || name.startsWith(`${base}.data`) || name === 'weights.pb'
  })
  const model = files.find((file) => file.path === modelPath)!
  return [{ ...model, localPath: plainPath }, ...data.map((file) => ({ ...file, localPath: file.path }))]
}
