/**
 * The packs domain's methods in the inference process: reading ONNX structure happens there so
 * that a big model never stalls the studio, and session release reaches the engines'
 * caches, which live there too.
 */
import type { MethodContext } from '../protocol'
import type { PackKind } from '../../../shared/contract'
import type { TextWeights, WeightsChoice } from '../../../shared/pack-manifest'
import type { Gpt2Shape } from '../../formats/activation-memory'
import { runtimeSettings } from '../runtime/runtime-settings'
import { providerPlan, type ProviderAttempt } from '../runtime/session'
import { dtypeOrderWithChoice, listTextModelFiles } from '../text/pack/model-files'
import { readTextPack } from '../text/pack/text-pack-config'
import { inspectModelFile, type ModelInspection } from '../../formats/onnx/model-safety'
import { optimizePack, type OptimizePackParams, type OptimizeProgressEvent } from '../quantize/optimize-pack'
import { releasePackSessions } from './session-release'

export interface InspectParams {
  /** Absolute pack folder. */
  dir: string
  /** Model files to inspect, relative POSIX paths. */
  models: string[]
  /** Every file of the pack; external data must be one of them. */
  files: string[]
  tensorBudgetBytes?: number
}

export interface PlanParams {
  /** Absolute pack folder. */
  dir: string
  kind: PackKind
  /** A text pack's picked weights (else auto). */
  weights?: WeightsChoice
}

/** One weight variant a text pack holds: its files as absolute paths. */
export interface TextVariantFiles {
  weights: TextWeights
  files: string[]
}

/** What would run a pack if it were opened now, without opening it. */
export interface PackRunPlan {
  provider: string
  attempts: ProviderAttempt[]
  /** The GPU device id a GPU provider would get. */
  gpuIndex: number
  /** For a text pack: the variant that would run, every variant it holds, and the model's sizes. */
  text: { runs: TextVariantFiles; variants: TextVariantFiles[]; shape: Gpt2Shape } | null
}

/** The files of a decoder, once each (a single or merged layout uses one file for both passes). */
const filesOf = (found: { dtype: TextWeights; prefill: string; decode: string }): TextVariantFiles => ({
  weights: found.dtype,
  files: [...new Set([found.prefill, found.decode])],
})

export const packsMethods = {
  /**
   * The provider a pack would run on and, for a text pack, which weights (the same choice its
   * loader makes) and the sizes its memory grows with; nothing is loaded.
   */
  'packs.plan': async (params: PlanParams): Promise<PackRunPlan> => {
    const { provider, attempts } = providerPlan()
    const { gpuIndex } = runtimeSettings()
    if (params.kind !== 'text') return { provider, attempts, gpuIndex, text: null }
    const { config } = await readTextPack(params.dir)
    const found = await listTextModelFiles(params.dir, dtypeOrderWithChoice(provider, params.weights))
    if (!found[0]) return { provider, attempts, gpuIndex, text: null }
    // The best layout of each weight type is the one its loader would pick.
    const variants = found.filter((candidate, index) => found.findIndex((other) => other.dtype === candidate.dtype) === index).map(filesOf)
    const { layers, heads, embedding, contextLength, vocabularySize } = config
    return { provider, attempts, gpuIndex, text: { runs: filesOf(found[0]), variants, shape: { layers, heads, embedding, contextLength, vocabularySize } } }
  },
  /** Safety checks and signatures of a pack's models, without loading their weights. */
  'packs.inspect': async (params: InspectParams, context: MethodContext): Promise<ModelInspection[]> => {
    const packFiles = new Set(params.files)
    const inspections: ModelInspection[] = []
    for (const model of params.models) {
      context.signal.throwIfAborted()
      inspections.push(inspectModelFile(params.dir, model, { packFiles, tensorBudgetBytes: params.tensorBudgetBytes }))
    }
    return inspections
  },
  /** Writes a quantized or float16 variant of a text pack's decoder and measures it (heavy: minutes on big models). */
  'packs.optimize': async (params: OptimizePackParams, context: MethodContext<OptimizeProgressEvent>) => {
    const result = await optimizePack(params, context.signal, (event) => context.emit(event))
    // A session kept open on the pack would go on running the file it chose before the new one existed.
    await releasePackSessions(params.dir)
    return result
  },
  /** Drops every session the engines keep for a pack folder. */
  'packs.release': async (params: { dir: string }): Promise<{ listeners: number }> => releasePackSessions(params.dir),
}
