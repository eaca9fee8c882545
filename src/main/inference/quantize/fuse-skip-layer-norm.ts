/**
 * Replaces each residual Add followed by LayerNormalization over the last axis with one
 * com.microsoft SkipLayerNormalization node, which also writes the sum when the next residual
 * reads it: one pass over the hidden state instead of two, and one node fewer per half-layer.
 */
import { GraphIndex } from './graph-index'
import { floatAttribute, floatAttributeOf, intAttributeOf, type GraphProto, type NodeProto } from './onnx-model'
import { replaceBlock } from './replace-node'

/** Fuses every residual Add + LayerNormalization pair of `graph`; returns how many. */
export function fuseSkipLayerNorm(graph: GraphProto, index: GraphIndex): number {
  let fused = 0
  for (const norm of (graph.node ?? []).filter((n) => n.opType === 'LayerNormalization')) {
    const [input, gamma, beta] = norm.input ?? []
    const add = index.producer(input)
    if (add?.opType !== 'Add' || intAttributeOf(norm, 'axis', -1) !== -1 || !gamma || !beta) continue
    // The mean and inverse deviation outputs, which training graphs read, have no place in the fused node.
    if (norm.output!.slice(1).some((o) => o && index.consumersOf(o).length > 0)) continue
    // A residual adds two activations; a bias Add (one constant operand) is not a skip.
    if (add.input!.some((operand) => index.floats(operand) !== null)) continue
    const sumRead = index.consumersOf(input).length > 1 || index.isGraphOutput(input)
    const fusedNode: NodeProto = {
      opType: 'SkipLayerNormalization',
      domain: 'com.microsoft',
      input: [add.input![0], add.input![1], gamma, beta],
      output: [norm.output![0], '', '', ...(sumRead ? [input] : [])],
      // Always stated: the two operators' defaults differ (1e-5 and 1e-12).
      attribute: [floatAttribute('epsilon', floatAttributeOf(norm, 'epsilon', 1e-5))],
    }
    replaceBlock(graph, [add, norm], [fusedNode])
    fused++
  }
  return fused
}
