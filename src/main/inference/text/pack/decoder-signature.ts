import type { InferenceSession } from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'
import type { TextPackConfig } from './text-pack-config'

type IndexType = 'int64' | 'int32'
export type CacheType = 'float32' | 'float16'

/** How one GPT-2 decoder file wants to be fed, read from its input and output metadata. */
export interface DecoderSignature {
  file: string
  inputIdsType: IndexType
  /** Absent in a few hand-made exports; then the model attends to everything. */
  attentionMaskType: IndexType | null
  /** Optimum >= 1.14 feeds explicit positions; older exports derive them from the past length. */
  positionIdsType: IndexType | null
  /** Merged decoders switch between their first-step and cached branches with this bool [1]. */
  hasCacheBranch: boolean
  /** past_key_values.{i}.key / .value in layer order; empty for the first file of a legacy pair. */
  pastNames: string[]
  /** present.{i}.key / .value, aligned with the past names of the file that consumes them. */
  presentNames: string[]
  cacheType: CacheType
  logitsType: CacheType
  heads: number
  headSize: number
}

type Metadata = readonly InferenceSession.ValueMetadata[]
type TensorMetadata = Extract<InferenceSession.ValueMetadata, { isTensor: true }>

const PAST = /^past_key_values\.(\d+)\.(key|value)$/
const PRESENT = /^present\.(\d+)\.(key|value)$/

/**
 * Checks a decoder file against the pack's config and returns how to feed it. Any input the
 * engine cannot provide, a missing layer, a wrong head count or size, or an unexpected dtype is
 * a `pack-invalid` error that names the file and the mismatch, before anything runs.
 */
export function readDecoderSignature(
  file: string,
  inputs: Metadata,
  outputs: Metadata,
  config: TextPackConfig,
  requirePast: boolean,
): DecoderSignature {
  const fail = (problem: string, details?: object): never => {
    throw new ContractError('pack-invalid', `${file}: ${problem}`, { file, ...details })
  }
  const tensor = (list: Metadata, name: string, kind: 'input' | 'output'): TensorMetadata | null => {
    const found = list.find((m) => m.name === name)
    if (!found) return null
    if (!found.isTensor) fail(`${kind} "${name}" is not a tensor.`)
    return found as TensorMetadata
  }
  const expectType = <T extends string>(meta: TensorMetadata, allowed: readonly T[], rank: number): T => {
    if (!allowed.includes(meta.type as T)) {
      fail(`"${meta.name}" is ${meta.type}; expected ${allowed.join(' or ')}.`, { name: meta.name, expected: allowed, actual: meta.type })
    }
    if (meta.shape.length !== rank) {
      fail(`"${meta.name}" has ${meta.shape.length} dimensions; expected ${rank}.`, { name: meta.name, shape: meta.shape })
    }
    return meta.type as T
  }
  const indexTypes = ['int64', 'int32'] as const
  const floatTypes = ['float32', 'float16'] as const

  const known = new Set(['input_ids', 'attention_mask', 'position_ids', 'use_cache_branch'])
  for (const input of inputs) {
    if (!known.has(input.name) && !PAST.test(input.name)) {
      fail(`input "${input.name}" is not one a GPT-2 decoder takes (input_ids, attention_mask, position_ids, past_key_values.*, use_cache_branch).`, { name: input.name })
    }
  }
  const inputIds = tensor(inputs, 'input_ids', 'input') ?? fail('has no input "input_ids".')
  const mask = tensor(inputs, 'attention_mask', 'input')
  const positions = tensor(inputs, 'position_ids', 'input')
  const branch = tensor(inputs, 'use_cache_branch', 'input')
  if (branch) {
    expectType(branch, ['bool'] as const, 1)
  }

  const headSize = config.embedding / config.heads
  const pastNames: string[] = []
  const presentNames: string[] = []
  let cacheType: CacheType | null = null
  const hasPast = inputs.some((m) => PAST.test(m.name))
  for (const input of inputs) {
    const match = PAST.exec(input.name)
    if (match && Number(match[1]) >= config.layers) {
      fail(`has "${input.name}" but config.json says n_layer is ${config.layers}.`, { name: input.name, layers: config.layers })
    }
  }
  for (let layer = 0; layer < config.layers; layer++) {
    for (const part of ['key', 'value']) {
      const presentName = `present.${layer}.${part}`
      const present = tensor(outputs, presentName, 'output') ?? fail(`has no output "${presentName}" (config.json: n_layer ${config.layers}).`)
      const type = checkCacheTensor(present, expectType, config.heads, headSize, fail)
      if (cacheType !== null && type !== cacheType) fail(`mixes ${cacheType} and ${type} cache tensors.`)
      cacheType = type
      presentNames.push(presentName)
      if (!hasPast && !requirePast) continue
      const pastName = `past_key_values.${layer}.${part}`
      const past = tensor(inputs, pastName, 'input') ?? fail(`has no input "${pastName}" (config.json: n_layer ${config.layers}).`)
      if (checkCacheTensor(past, expectType, config.heads, headSize, fail) !== cacheType) {
        fail(`"${pastName}" and "${presentName}" have different dtypes.`)
      }
      pastNames.push(pastName)
    }
  }
  for (const output of outputs) {
    const match = PRESENT.exec(output.name)
    if (match && Number(match[1]) >= config.layers) {
      fail(`has "${output.name}" but config.json says n_layer is ${config.layers}.`, { name: output.name, layers: config.layers })
    }
  }

  const logits = tensor(outputs, 'logits', 'output') ?? fail('has no output "logits".')
  const logitsType = expectType(logits, floatTypes, 3)
  const vocabulary = logits.shape[2]
  if (typeof vocabulary === 'number' && vocabulary !== config.vocabularySize) {
    fail(`"logits" has ${vocabulary} entries per token but config.json says vocab_size is ${config.vocabularySize}.`, {
      name: 'logits',
      expected: config.vocabularySize,
      actual: vocabulary,
    })
  }
  return {
    file,
    inputIdsType: expectType(inputIds, indexTypes, 2),
    attentionMaskType: mask ? expectType(mask, indexTypes, 2) : null,
    positionIdsType: positions ? expectType(positions, indexTypes, 2) : null,
    hasCacheBranch: branch !== null,
    pastNames,
    presentNames,
    cacheType: cacheType ?? 'float32',
    logitsType,
    heads: config.heads,
    headSize,
  }
}

/** A cache tensor is [batch, heads, length, head size]; numeric dims must match the config. */
function checkCacheTensor(
  meta: TensorMetadata,
  expectType: <T extends string>(meta: TensorMetadata, allowed: readonly T[], rank: number) => T,
  heads: number,
  headSize: number,
  fail: (problem: string, details?: object) => never,
): CacheType {
  const type = expectType(meta, ['float32', 'float16'] as const, 4)
  const [, actualHeads, , actualSize] = meta.shape
  if (typeof actualHeads === 'number' && actualHeads !== heads) {
    fail(`"${meta.name}" has ${actualHeads} heads but config.json says n_head is ${heads}.`, { name: meta.name, expected: heads, actual: actualHeads })
  }
  if (typeof actualSize === 'number' && actualSize !== headSize) {
    fail(`"${meta.name}" has head size ${actualSize} but config.json implies ${headSize} (n_embd / n_head).`, {
      name: meta.name,
      expected: headSize,
      actual: actualSize,
    })
  }
  return type
}
