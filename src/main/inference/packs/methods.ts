/**
 * The packs domain's methods in the inference process: reading ONNX structure happens there so
 * that a big model never stalls the studio, and session release reaches the engines'
 * caches, which live there too.
 */
import type { MethodContext } from '../protocol'
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

export const packsMethods = {
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
