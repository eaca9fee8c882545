/**
 * Rewrites a decoder's graph for smaller weights. Only the products with a constant weight
 * change (see weight-sites); embeddings (Gather), LayerNorm and everything else keep their
 * float32 tensors, so the file's inputs and outputs are those of the original. The CPU
 * variants (int8, q4) also have their small nodes fused (see fuse-decoder).
 */
import type { OptimizeWeights } from '../../../shared/pack-manifest'
import { convertToFloat16 } from './float16-graph'
import { fuseDecoder, type FusionReport } from './fuse-decoder'
import { INT8_FORM, Int8Rewriter, type Int8Form } from './int8'
import { NameSource, pruneUnused, requireOpset, type ModelProto, type NodeProto, type TensorProto } from './onnx-model'
import { Q4Rewriter } from './q4'
import { replaceNode } from './replace-node'
import { productsOf, reportOf, type OptimizeModelReport, type WeightSite } from './weight-sites'

export interface OptimizeModelOptions {
  int8Form?: Int8Form
  /** MatMulNBits block size for q4. */
  blockSize?: number
  /** MatMulNBits accuracy level for q4 (0: float32 products). */
  accuracyLevel?: number
  /** Fuse attention, GELU and residual LayerNorm (int8 and q4; default true). */
  fuse?: boolean
}

/** What optimizing changed: the products rewritten and, for int8 and q4, the blocks fused. */
export type OptimizeReport = OptimizeModelReport & { fused: FusionReport | null }

/**
 * The q4 block. Published q4 files use 32; with integer products (Q4_ACCURACY_LEVEL), blocks of
 * 128 read 15% fewer bytes per weight (one scale per 128 nibbles) and decoded faster in the text
 * benchmark (`ratio_q4_block128_vs_block32`), at the same agreement and perplexity on the starter
 * pack (q4 with 32: 94.2% and +1.1%; with 128: 94.8% and +0.8%).
 */
export const Q4_BLOCK_SIZE: number = 128

/**
 * The q4 accuracy level: 4 lets onnxruntime's CPU kernel quantize each block of the activation
 * to int8 and run integer dot products (VNNI where the CPU has it) instead of expanding every
 * 4-bit weight to float32 on each token.
 */
export const Q4_ACCURACY_LEVEL = 4

/** Turns one product into the nodes that replace it; the last one writes the product's output. */
export interface ProductRewriter {
  nodes(site: WeightSite): NodeProto[]
}

/** Makes a rewriter that adds its tensors to the main graph's initializers. */
export type RewriterFactory = (names: NameSource, initializers: TensorProto[]) => ProductRewriter

/** Replaces every constant-weight product of `model` with what `factory`'s rewriter makes, then prunes. */
export function rewriteProducts(model: ModelProto, factory: RewriterFactory): OptimizeModelReport {
  const main = model.graph!
  const sites = productsOf(model)
  const rewriter = factory(new NameSource(main), (main.initializer ??= []))
  for (const site of sites) replaceNode(site.graph, site.node, rewriter.nodes(site))
  pruneUnused(main)
  return reportOf(sites)
}

/**
 * Rewrites `model` in place to `weights`; throws `unsupported` when it has no product to rewrite.
 * fp16 is left unfused: it is meant for GPU providers, where the fused operators' float16
 * kernels differ per provider and have not been measured.
 */
export function optimizeModel(model: ModelProto, weights: OptimizeWeights, options: OptimizeModelOptions = {}): OptimizeReport {
  if (weights === 'fp16') return { ...convertToFloat16(model, { keepIoTypes: true }), fused: null }
  if (weights === 'q4') requireOpset(model, 'com.microsoft', 1)
  const report =
    weights === 'int8'
      ? rewriteProducts(model, (names, initializers) => new Int8Rewriter(names, initializers, options.int8Form ?? INT8_FORM))
      : rewriteProducts(model, (names, initializers) => new Q4Rewriter(names, initializers, options.blockSize ?? Q4_BLOCK_SIZE, 'float32', options.accuracyLevel ?? Q4_ACCURACY_LEVEL))
  // The fusions match the nodes around the products, which the rewrite keeps as they were.
  return { ...report, fused: options.fuse === false ? null : fuseDecoder(model) }
}
