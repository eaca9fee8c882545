import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ContractError } from '../../../../shared/errors'
import type { TextWeights, WeightsChoice } from '../../../../shared/pack-manifest'
import type { ProviderName } from '../../runtime/execution-providers'

/** Weight types a GPT-2 export comes in (see `textWeights`). */
export type ModelDtype = TextWeights

/** The file-name suffix of each weight type (`model_q4.onnx`). */
export const suffixOf: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
}

/** Full precision first: the most faithful output, and what every GPT-2 export carries. */
export const defaultDtypeOrder: readonly ModelDtype[] = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']

/**
 * Which weights to run on a provider when a pack has several. A CPU decodes as fast as it reads
 * weights, so the fewest bytes win there: 8-bit (whose integer kernels beat 4-bit unpacking at
 * GPT-2 widths on the machines measured, see `npm run bench -- text`), then 4-bit, then full
 * precision; float16 last, as CPUs run it through casts. GPUs have half-precision units: float16 first.
 */
export function dtypeOrderFor(provider: ProviderName): readonly ModelDtype[] {
  return provider === 'cpu' ? ['int8', 'q8', 'uint8', 'q4', 'bnb4', 'fp32', 'q4f16', 'fp16'] : ['fp16', 'q4f16', 'fp32', 'int8', 'q8', 'uint8', 'q4', 'bnb4']
}

/**
 * The weight order for a provider with the person's pick first: a picked variant the pack no
 * longer has gives way to the provider's own order rather than failing.
 */
export function dtypeOrderWithChoice(provider: ProviderName, choice: WeightsChoice = 'auto'): readonly ModelDtype[] {
  const order = dtypeOrderFor(provider)
  return choice === 'auto' ? order : [choice, ...order.filter((dtype) => dtype !== choice)]
}

/**
 * How the decoder is split into files:
 * - `single`: onnx/model.onnx, past inputs always fed (zero-length on the first step);
 * - `merged`: decoder_model_merged.onnx, the same plus a `use_cache_branch` switch;
 * - `pair`: decoder_model.onnx for the prompt, decoder_with_past_model.onnx for each later token.
 */
export type ModelLayout = 'single' | 'merged' | 'pair'

export interface TextModelFiles {
  layout: ModelLayout
  dtype: ModelDtype
  /** The file that runs the prompt. */
  prefill: string
  /** The file that runs each later token with the cache (the same file unless `pair`). */
  decode: string
}

/** Folders where exports put their ONNX files: transformers.js layout first, then Optimum's. */
const modelFolders = ['onnx', '.']

/**
 * Every usable decoder in a pack folder, best first by `dtypeOrder`, then single, merged, pair.
 * Only files named like a real export count; anything else in the folder is ignored.
 */
export async function listTextModelFiles(dir: string, dtypeOrder: readonly ModelDtype[] = defaultDtypeOrder): Promise<TextModelFiles[]> {
  const found: TextModelFiles[] = []
  for (const folder of modelFolders) {
    const names = new Set(await readdir(join(dir, folder)).catch(() => [] as string[]))
    const path = (name: string) => join(dir, folder, name)
    for (const dtype of dtypeOrder) {
      const suffix = suffixOf[dtype]
      const single = `model${suffix}.onnx`
      const merged = `decoder_model_merged${suffix}.onnx`
      const first = `decoder_model${suffix}.onnx`
      const withPast = `decoder_with_past_model${suffix}.onnx`
      if (names.has(single)) found.push({ layout: 'single', dtype, prefill: path(single), decode: path(single) })
      if (names.has(merged)) found.push({ layout: 'merged', dtype, prefill: path(merged), decode: path(merged) })
      if (names.has(first) && names.has(withPast)) found.push({ layout: 'pair', dtype, prefill: path(first), decode: path(withPast) })
    }
  }
  return found
}

/** The best decoder of a pack folder; `pack-invalid` when it has none. */
export async function findTextModelFiles(dir: string, dtypeOrder: readonly ModelDtype[] = defaultDtypeOrder): Promise<TextModelFiles> {
  const [best] = await listTextModelFiles(dir, dtypeOrder)
  if (best) return best
  throw new ContractError(
    'pack-invalid',
    `${join(dir, 'onnx')}: no GPT-2 decoder found (expected model.onnx, decoder_model_merged.onnx, or decoder_model.onnx with decoder_with_past_model.onnx${dtypeOrder.length < defaultDtypeOrder.length ? `, as ${dtypeOrder.join(' or ')}` : ''}).`,
    { dir, dtypeOrder },
  )
}
