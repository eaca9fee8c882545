/**
 * The input and output signatures each architecture's ONNX files must have, as the public
 * exports declare them (Optimum, transformers.js, diffusers' conversion script; see
 * docs/model-formats.md). Checked on every import and download before a pack is listed, and
 * available to the engines for the same check against onnxruntime's metadata after a load.
 *
 * Data, not code: a new architecture is a new entry in `architectureComponents`.
 */
import type { TensorSignature } from './onnx/model-header'

interface TensorRule {
  /** The exact name, or a pattern for numbered families (past_key_values.3.key). */
  name: string | RegExp
  types: readonly string[]
  rank?: number
  optional?: boolean
}

export interface ComponentRule {
  /** What the file is, in messages ("UNet", "GPT-2 decoder"). */
  role: string
  /** Which pack files this rule applies to (relative POSIX paths). */
  files: RegExp
  /** Whether a pack of this architecture must have such a file. */
  required: boolean
  inputs: readonly TensorRule[]
  /** Outputs the engine reads; other outputs are allowed and ignored. */
  outputs: readonly TensorRule[]
  /** The pack holds exactly one such file, with exactly one input and one output. */
  single?: boolean
}

const FLOAT = ['float32', 'float16'] as const

const gpt2Decoder: ComponentRule = {
  role: 'GPT-2 decoder',
  files: /^onnx\/[^/]+\.onnx$/,
  required: true,
  inputs: [
    { name: 'input_ids', types: ['int64'], rank: 2 },
    { name: 'attention_mask', types: ['int64'], rank: 2 },
    { name: 'position_ids', types: ['int64'], rank: 2, optional: true },
    { name: /^past_key_values\.\d+\.(key|value)$/, types: FLOAT, rank: 4, optional: true },
    { name: 'use_cache_branch', types: ['bool'], optional: true },
  ],
  outputs: [
    { name: 'logits', types: FLOAT, rank: 3 },
    { name: /^present\.\d+\.(key|value)$/, types: FLOAT, rank: 4, optional: true },
  ],
}

const textEncoder: ComponentRule = {
  role: 'text encoder',
  files: /^text_encoder\/model\.onnx$/,
  required: true,
  inputs: [{ name: 'input_ids', types: ['int32', 'int64'], rank: 2 }],
  outputs: [{ name: 'last_hidden_state', types: FLOAT, rank: 3 }],
}

const unetInputs: TensorRule[] = [
  { name: 'sample', types: FLOAT, rank: 4 },
  { name: 'timestep', types: ['float32', 'float16', 'int64'] },
  { name: 'encoder_hidden_states', types: FLOAT, rank: 3 },
]

const unet = (inputs: TensorRule[]): ComponentRule => ({
  role: 'UNet',
  files: /^unet\/model\.onnx$/,
  required: true,
  inputs,
  outputs: [{ name: 'out_sample', types: FLOAT, rank: 4 }],
})

const vaeDecoder: ComponentRule = {
  role: 'VAE decoder',
  files: /^vae_decoder\/model\.onnx$/,
  required: true,
  inputs: [{ name: 'latent_sample', types: FLOAT, rank: 4 }],
  outputs: [{ name: 'sample', types: FLOAT, rank: 4 }],
}

const vaeEncoder: ComponentRule = {
  role: 'VAE encoder',
  files: /^vae_encoder\/model\.onnx$/,
  required: false,
  inputs: [{ name: 'sample', types: FLOAT, rank: 4 }],
  outputs: [
    { name: 'latent_sample', types: FLOAT, rank: 4, optional: true },
    { name: 'latent_parameters', types: FLOAT, rank: 4, optional: true },
  ],
}

/**
 * A super-resolution generator: one picture in, one bigger picture out. Exports name their
 * tensors freely (input, image, x; output, out), so any single name goes; the one ONNX file of
 * the pack may sit anywhere in it.
 */
const upscaler: ComponentRule = {
  role: 'upscaler',
  files: /\.onnx$/,
  required: true,
  inputs: [{ name: /^.+$/, types: FLOAT, rank: 4 }],
  outputs: [{ name: /^.+$/, types: FLOAT, rank: 4 }],
  single: true,
}

const stableDiffusion = [textEncoder, unet(unetInputs), vaeDecoder, vaeEncoder]

/** The components of every architecture a manifest may declare. */
export const architectureComponents: Record<string, readonly ComponentRule[]> = {
  gpt2: [gpt2Decoder],
  sd15: stableDiffusion,
  sd2: stableDiffusion,
  'sd-turbo': stableDiffusion,
  // LCM feeds its guidance as an embedding instead of running classifier-free guidance.
  lcm: [textEncoder, unet([...unetInputs, { name: 'timestep_cond', types: FLOAT, rank: 2 }]), vaeDecoder, vaeEncoder],
  esrgan: [upscaler],
}

/** The rule for one pack file under an architecture, or null when the engines never load it. */
export function componentRule(architecture: string, path: string): ComponentRule | null {
  return architectureComponents[architecture]?.find((rule) => rule.files.test(path)) ?? null
}

/**
 * How a model's inputs and outputs differ from what its role needs; empty when they fit.
 * Accepts onnxruntime's `inputMetadata` / `outputMetadata` entries as well as inspections.
 */
export function signatureProblems(rule: ComponentRule, path: string, inputs: readonly TensorSignature[], outputs: readonly TensorSignature[]): string[] {
  const problems: string[] = []
  const describe = (tensor: TensorSignature) => `${tensor.name} (${tensor.type}${tensor.shape ? ` [${tensor.shape.join(', ')}]` : ''})`
  const check = (side: 'input' | 'output', tensors: readonly TensorSignature[], rules: readonly TensorRule[], strict: boolean) => {
    for (const tensorRule of rules) {
      const matches = tensors.filter((tensor) => nameMatches(tensorRule.name, tensor.name))
      if (matches.length === 0 && !tensorRule.optional) problems.push(`${path}: the ${rule.role} has no ${side} ${String(tensorRule.name)}`)
      for (const tensor of matches) {
        const wrongType = !tensorRule.types.includes(tensor.type)
        const wrongRank = tensorRule.rank !== undefined && tensor.shape !== null && tensor.shape.length !== tensorRule.rank
        if (wrongType || wrongRank) {
          const rank = tensorRule.rank === undefined ? '' : `, rank ${tensorRule.rank}`
          problems.push(`${path}: ${side} ${describe(tensor)} should be ${tensorRule.types.join(' or ')}${rank}`)
        }
      }
    }
    if (!strict) return
    for (const tensor of tensors) {
      if (!rules.some((tensorRule) => nameMatches(tensorRule.name, tensor.name))) {
        problems.push(`${path}: unexpected ${side} ${describe(tensor)} for a ${rule.role}`)
      }
    }
  }
  // Every input must be one the engine knows how to feed; extra outputs are harmless.
  check('input', inputs, rule.inputs, true)
  check('output', outputs, rule.outputs, false)
  if (rule.single && (inputs.length !== 1 || outputs.length !== 1)) {
    problems.push(`${path}: the ${rule.role} has ${inputs.length} inputs and ${outputs.length} outputs; it should have one of each`)
  }
  return problems
}

export interface InspectedModel {
  path: string
  inputs: TensorSignature[]
  outputs: TensorSignature[]
}

/**
 * Checks every model of a pack against its architecture: each file with a role must fit it,
 * each required role must be present, and parts that pass tensors to each other must agree
 * (the text encoder's width is the UNet's cross-attention width).
 */
export function packSignatureProblems(architecture: string, models: readonly InspectedModel[]): string[] {
  const rules = architectureComponents[architecture]
  if (!rules) return [`unknown architecture ${architecture}`]
  const problems: string[] = []
  for (const model of models) {
    const rule = componentRule(architecture, model.path)
    if (rule) problems.push(...signatureProblems(rule, model.path, model.inputs, model.outputs))
  }
  for (const rule of rules) {
    const count = models.filter((model) => rule.files.test(model.path)).length
    if (rule.required && count === 0) problems.push(`the pack has no ${rule.role} (${rule.files.source})`)
    if (rule.single && count > 1) problems.push(`the pack has ${count} ${rule.role} models; it should have one`)
  }
  const hidden = lastDim(models, /^text_encoder\//, 'output', 'last_hidden_state')
  const crossAttention = lastDim(models, /^unet\//, 'input', 'encoder_hidden_states')
  if (typeof hidden === 'number' && typeof crossAttention === 'number' && hidden !== crossAttention) {
    problems.push(`the text encoder's width (${hidden}) differs from the UNet's cross-attention width (${crossAttention})`)
  }
  return problems
}

/** The last dimension of a named tensor of the first model under `folder`. */
export function lastDim(models: readonly InspectedModel[], folder: RegExp, side: 'input' | 'output', name: string): number | string | undefined {
  const model = models.find((candidate) => folder.test(candidate.path))
  const tensor = (side === 'input' ? model?.inputs : model?.outputs)?.find((candidate) => candidate.name === name)
  return tensor?.shape?.at(-1)
}

function nameMatches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === 'string' ? pattern === name : pattern.test(name)
}
