/**
 * Rewrites a decoder's graph for smaller weights. Only the products with a constant weight
 * change (see weight-sites); embeddings (Gather), LayerNorm and everything else keep their
 * float32 tensors, so the file's inputs and outputs are those of the original.
 */
import { ContractError } from '../../../shared/errors'
import type { OptimizeWeights } from '../../../shared/pack-manifest'
import { convertToFloat16 } from './float16-graph'
import { INT8_FORM, Int8Rewriter, type Int8Form } from './int8'
import { NameSource, pruneUnused, requireOpset, type ModelProto } from './onnx-model'
import { Q4Rewriter } from './q4'
import { replaceNode } from './replace-node'
import { findWeightSites } from './weight-sites'


export interface OptimizeModelOptions {
  int8Form?: Int8Form
  /** MatMulNBits block size for q4 (32, as transformers.js publishes; 128 reads fewer scales). */
  blockSize?: number
}

/** Default q4 block: the size published q4 files use; see the text benchmark for 128. */
export const Q4_BLOCK_SIZE = 32

/** What a rewrite changed. */
export interface OptimizeModelReport {
  /** Products rewritten (a weight shared by two branches of a merged file counts twice). */
  products: number
  /** Distinct weights quantized or converted. */
  weights: number
}

/** Rewrites `model` in place; throws `unsupported` when it has no product worth rewriting. */
export function optimizeModel(model: ModelProto, weights: OptimizeWeights, options: OptimizeModelOptions = {}): OptimizeModelReport {
  const main = model.graph!
  const sites = findWeightSites(main)
  if (sites.length === 0) {
    throw new ContractError('unsupported', `The model has no matrix product with a constant weight to ${weights === 'fp16' ? 'convert' : 'quantize'}.`)
  }
  const names = new NameSource(main)
  const initializers = (main.initializer ??= [])
  if (weights === 'fp16') {
    convertToFloat16(model, sites, names)
  } else {
    const rewriter = weights === 'int8' ? new Int8Rewriter(names, initializers, options.int8Form ?? INT8_FORM) : new Q4Rewriter(names, initializers, options.blockSize ?? Q4_BLOCK_SIZE)
    if (weights === 'q4') requireOpset(model, 'com.microsoft', 1)
    for (const site of sites) replaceNode(site.graph, site.node, rewriter.nodes(site))
  }
  pruneUnused(main)
  return { products: sites.length, weights: new Set(sites.map((s) => s.weight.key)).size }
}
