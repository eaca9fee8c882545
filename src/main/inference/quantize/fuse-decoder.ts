/**
 * Fuses a GPT-2 decoder's small nodes into onnxruntime's contrib operators: the attention
 * blocks, the GELUs and the residual LayerNorms. Done for the CPU variants (int8, q4): once
 * their weights are small, a decode step spends as long in these small nodes as in the
 * products. Inputs, outputs and their names stay those of the original file.
 */
import { fuseAttention } from './fuse-attention'
import { fuseGelu } from './fuse-gelu'
import { fuseSkipLayerNorm } from './fuse-skip-layer-norm'
import { forEachIndexedGraph } from './graph-index'
import { pruneUnused, requireOpset, type ModelProto } from './onnx-model'

/** What a fusion pass replaced: blocks per kind. */
export interface FusionReport {
  attention: number
  gelu: number
  skipLayerNorm: number
}

export function fuseDecoder(model: ModelProto): FusionReport {
  const main = model.graph!
  const attention = fuseAttention(model)
  let gelu = 0
  let skipLayerNorm = 0
  // Each pass indexes the graphs afresh: the one before changed them.
  forEachIndexedGraph(main, (graph, index) => (gelu += fuseGelu(graph, index)))
  forEachIndexedGraph(main, (graph, index) => (skipLayerNorm += fuseSkipLayerNorm(graph, index)))
  if (attention + gelu + skipLayerNorm > 0) requireOpset(model, 'com.microsoft', 1)
  pruneUnused(main)
  return { attention, gelu, skipLayerNorm }
}
