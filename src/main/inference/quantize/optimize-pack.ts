/**
 * Optimizes a text pack's decoder in place: writes `<file>_<weights>.onnx` beside every float32
 * decoder file (the original stays), then measures the new variant against the original on the
 * held-out text and in a short greedy decode. The studio records the result in pack.json.
 */
import { basename, dirname, join, relative, sep } from 'node:path'
import { ContractError, throwIfCancelled } from '../../../shared/errors'
import { Gpt2Decoder } from '../text/decoder/gpt2-decoder'
import { listTextModelFiles, suffixOf, type TextModelFiles } from '../text/pack/model-files'
import { readTextPack } from '../text/pack/text-pack-config'
import { HELD_OUT_TEXT } from './held-out-text'
import { readModel, writeModel } from './onnx-model'
import type { OptimizeWeights } from '../../../shared/pack-manifest'
import { optimizeModel } from './optimize-model'
import { AGREEMENT_BOUND, compareQuality, type QualityFigures } from './quality'
import { measureDecodeSpeed, type SpeedFigures } from './speed'

export interface OptimizePackParams {
  /** Absolute pack folder. */
  dir: string
  weights: OptimizeWeights
}

/** Reported while optimizing: which stage, and how far through it. */
export interface OptimizeProgressEvent {
  stage: 'rewrite' | 'quality' | 'speed'
  step: number
  total: number
}

export interface OptimizePackResult {
  weights: OptimizeWeights
  /** Files written, relative POSIX paths inside the pack. */
  files: string[]
  quality: QualityFigures
  speed: SpeedFigures
  /** Set when agreement falls below the bound for this weight format. */
  warning: string | null
}

/** The float32 decoder files of a pack, in the first layout the loader would pick. */
async function float32Files(dir: string): Promise<TextModelFiles> {
  const [files] = await listTextModelFiles(dir, ['fp32'])
  if (!files) throw new ContractError('unsupported', `${dir}: no float32 GPT-2 decoder (onnx/model.onnx or its merged or paired forms) to optimize.`, { dir })
  return files
}

/** The variant's name for one original file: model.onnx -> model_q4.onnx. */
export function variantPath(file: string, weights: OptimizeWeights): string {
  return join(dirname(file), `${basename(file, '.onnx')}${suffixOf[weights]}.onnx`)
}

/** Writes the variant files of `weights`, then measures them; see the module comment. */
export async function optimizePack(params: OptimizePackParams, signal: AbortSignal, emit: (event: OptimizeProgressEvent) => void): Promise<OptimizePackResult> {
  const { dir, weights } = params
  const { config, tokenizer } = await readTextPack(dir)
  const original = await float32Files(dir)
  const sources = [...new Set([original.prefill, original.decode])]
  for (const [index, source] of sources.entries()) {
    throwIfCancelled(signal)
    const model = readModel(source)
    optimizeModel(model, weights)
    await writeModel(model, variantPath(source, weights))
    emit({ stage: 'rewrite', step: index + 1, total: sources.length })
  }
  const optimized: TextModelFiles = { ...original, dtype: weights, prefill: variantPath(original.prefill, weights), decode: variantPath(original.decode, weights) }

  // Measured on the CPU, where every provider's numbers can be compared and every machine has one.
  const reference = await Gpt2Decoder.open(original, config, 'cpu')
  try {
    const candidate = await Gpt2Decoder.open(optimized, config, 'cpu')
    try {
      const tokens = tokenizer.encode(HELD_OUT_TEXT)
      const quality = await compareQuality(reference, candidate, tokens, (step, total) => {
        throwIfCancelled(signal)
        emit({ stage: 'quality', step, total })
      })
      throwIfCancelled(signal)
      const speed = await measureDecodeSpeed(reference, candidate, tokens.slice(0, 16), (step, total) => {
        throwIfCancelled(signal)
        emit({ stage: 'speed', step, total })
      })
      const bound = AGREEMENT_BOUND[weights]
      const warning =
        quality.agreement < bound
          ? `The ${weights} variant agrees with the original on ${(quality.agreement * 100).toFixed(1)}% of next tokens, below the ${bound * 100}% expected of ${weights}; it may write noticeably differently.`
          : null
      const files = sources.map((source) => relative(dir, variantPath(source, weights)).split(sep).join('/'))
      return { weights, files, quality, speed, warning }
    } finally {
      await candidate.release()
    }
  } finally {
    await reference.release()
  }
}
