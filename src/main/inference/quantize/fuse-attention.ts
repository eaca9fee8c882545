/**
 * Replaces each GPT-2 attention block of a decoder, as exporters write it (split the packed
 * projection into Q, K and V, reshape and transpose each to heads, append K and V to the past,
 * Q·Kᵀ, scale, causal mask, softmax, ·V, transpose and reshape back: 15 to 18 nodes), with one
 * com.microsoft GroupQueryAttention node that reads the packed projection and the past and
 * writes the attention output and the presents under their old names. Once the weights are
 * int8 or q4 the products take about half of a decode step on a CPU, and the rest is these
 * small nodes, each a kernel launch and a pass over the cache.
 *
 * GroupQueryAttention masks by sequence length (seqlens_k = tokens seen - 1), not by a padding
 * mask: the fused file is exact for one unpadded sequence, which is how the studio runs it
 * (attention_mask all ones). A block that does not match exactly, step for step, is left as it
 * is: the file then runs as before, only without this gain.
 */
import { forEachIndexedGraph, type GraphIndex } from './graph-index'
import { ElementType, NameSource, floatAttribute, intAttribute, intAttributeOf, intsAttributeOf, onnx, toNumber, type GraphProto, type ModelProto, type NodeProto } from './onnx-model'
import { replaceBlock } from './replace-node'

/** One attention block found, by the values around it. */
interface AttentionBlock {
  nodes: NodeProto[]
  packedQkv: string
  pastKey: string
  pastValue: string
  presentKey: string
  presentValue: string
  output: string
  heads: number
  scale: number
}

/** Fuses every attention block it can prove; returns how many it fused. */
export function fuseAttention(model: ModelProto): number {
  const main = model.graph!
  const pastShapes = new Map<string, number[]>()
  for (const input of main.input ?? []) {
    const dims = input.type?.tensorType?.shape?.dim?.map((d) => (d.dimValue == null ? -1 : toNumber(d.dimValue))) ?? []
    if (dims.length === 4) pastShapes.set(input.name ?? '', dims)
  }
  const mask = (main.input ?? []).find((i) => i.name === 'attention_mask')
  if (!mask || pastShapes.size === 0) return 0

  const blocks: { graph: GraphProto; block: AttentionBlock }[] = []
  forEachIndexedGraph(main, (graph, index) => {
    for (const node of graph.node ?? []) {
      const block = node.opType === 'Softmax' ? matchBlock(index, node, pastShapes) : null
      if (block) blocks.push({ graph, block })
    }
  })
  if (blocks.length === 0) return 0

  const names = new NameSource(main)
  const lengths = sequenceLengths(names, mask.name!)
  main.node!.unshift(...lengths.nodes)
  for (const { graph, block } of blocks) {
    const fused: NodeProto = {
      opType: 'GroupQueryAttention',
      domain: 'com.microsoft',
      name: names.fresh('GroupQueryAttention'),
      input: [block.packedQkv, '', '', block.pastKey, block.pastValue, lengths.seqlensK, lengths.total],
      output: [block.output, block.presentKey, block.presentValue],
      attribute: [intAttribute('num_heads', block.heads), intAttribute('kv_num_heads', block.heads), floatAttribute('scale', block.scale)],
    }
    replaceBlock(graph, block.nodes, [fused])
  }
  return blocks.length
}

/** seqlens_k = (ones in attention_mask) - 1 and total_sequence_length = its width, both int32. */
function sequenceLengths(names: NameSource, mask: string) {
  const v = (hint: string) => names.fresh(hint)
  const [mask32, sum, seqlensK, shape, width, total, one, axes, index] = [
    v('mask_int32'), v('mask_sum'), v('seqlens_k'), v('mask_shape'), v('mask_width'), v('total_sequence_length'), v('one'), v('axes'), v('width_index'),
  ]
  const constant = (name: string, t: { dataType: number; dims: number[]; int32Data?: number[]; int64Data?: number[] }): NodeProto => ({
    opType: 'Constant',
    output: [name],
    attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { ...t, name } }],
  })
  const nodes: NodeProto[] = [
    constant(one, { dataType: ElementType.int32, dims: [], int32Data: [1] }),
    constant(axes, { dataType: ElementType.int64, dims: [1], int64Data: [1] }),
    constant(index, { dataType: ElementType.int64, dims: [], int64Data: [1] }),
    { opType: 'Cast', input: [mask], output: [mask32], attribute: [intAttribute('to', ElementType.int32)] },
    { opType: 'ReduceSum', input: [mask32, axes], output: [sum], attribute: [intAttribute('keepdims', 0)] },
    { opType: 'Sub', input: [sum, one], output: [seqlensK] },
    { opType: 'Shape', input: [mask], output: [shape] },
    { opType: 'Gather', input: [shape, index], output: [width], attribute: [intAttribute('axis', 0)] },
    { opType: 'Cast', input: [width], output: [total], attribute: [intAttribute('to', ElementType.int32)] },
  ]
  return { nodes, seqlensK, total }
}

const permOf = (node: NodeProto) => intsAttributeOf(node, 'perm')?.join(',') ?? ''

/**
 * Walks from a Softmax out to the block's ends and proves each step. Scaling may sit on Q, on
 * Kᵀ or on the scores (exporters differ), as a Mul or a Div by a constant; the mask is a Where
 * or an Add on the scores.
 */
function matchBlock(index: GraphIndex, softmax: NodeProto, pastShapes: Map<string, number[]>): AttentionBlock | null {
  const nodes: NodeProto[] = [softmax]
  let scale = 1
  const only = (name: string): NodeProto | null => {
    const consumers = index.consumersOf(name)
    return consumers.length === 1 ? consumers[0] : null
  }
  // Steps back through constant scalings, collecting the factor.
  const throughScaling = (name: string): string => {
    for (;;) {
      const node = index.producer(name)
      if (!node || (node.opType !== 'Mul' && node.opType !== 'Div')) return name
      const [a, b] = node.input ?? []
      const bValue = index.scalar(b)
      const aValue = node.opType === 'Mul' ? index.scalar(a) : null
      if (bValue !== null) {
        scale *= node.opType === 'Mul' ? bValue : 1 / bValue
        name = a
      } else if (aValue !== null) {
        scale *= aValue
        name = b
      } else return name
      nodes.push(node)
    }
  }
  // Steps back from a head-major tensor [B, N, S, H] to the Split output it was reshaped from.
  const headsOf = (name: string): { split: NodeProto; part: number; reshape: NodeProto } | null => {
    const transpose = index.producer(name)
    if (transpose?.opType !== 'Transpose' || permOf(transpose) !== '0,2,1,3') return null
    const reshape = index.producer(transpose.input![0])
    if (reshape?.opType !== 'Reshape') return null
    const split = index.producer(reshape.input![0])
    if (split?.opType !== 'Split') return null
    nodes.push(transpose, reshape)
    return { split, part: split.output!.indexOf(reshape.input![0]), reshape }
  }

  // Forward: probabilities · V, then back to [B, S, N·H].
  const pv = only(softmax.output![0])
  if (pv?.opType !== 'MatMul' || pv.input![0] !== softmax.output![0]) return null
  const backToTokens = only(pv.output![0])
  if (backToTokens?.opType !== 'Transpose' || permOf(backToTokens) !== '0,2,1,3') return null
  const merge = only(backToTokens.output![0])
  if (merge?.opType !== 'Reshape') return null
  nodes.push(pv, backToTokens, merge)
  const valueConcat = index.producer(pv.input![1])
  if (valueConcat?.opType !== 'Concat') return null
  nodes.push(valueConcat)

  // Backward: the mask, the scaling, Q·Kᵀ.
  let scores = softmax.input![0]
  const masking = index.producer(scores)
  if (masking?.opType === 'Where') scores = masking.input![1]
  else if (masking?.opType === 'Add') scores = masking.input![0]
  else return null
  nodes.push(masking)
  const qk = index.producer(throughScaling(scores))
  if (qk?.opType !== 'MatMul') return null
  nodes.push(qk)
  const query = headsOf(throughScaling(qk.input![0]))
  const keyTransposed = index.producer(throughScaling(qk.input![1]))
  if (!query || keyTransposed?.opType !== 'Transpose' || permOf(keyTransposed) !== '0,1,3,2') return null
  nodes.push(keyTransposed)
  const keyConcat = index.producer(keyTransposed.input![0])
  if (keyConcat?.opType !== 'Concat') return null
  nodes.push(keyConcat)

  // The cache: past (a graph input) then the new tokens, along the sequence axis.
  const appended = (concat: NodeProto) => {
    const axis = intAttributeOf(concat, 'axis', 0)
    const [past, fresh] = concat.input ?? []
    return (axis === 2 || axis === -2) && concat.input!.length === 2 && pastShapes.has(past) ? { past, fresh: headsOf(fresh) } : null
  }
  const key = appended(keyConcat)
  const value = appended(valueConcat)
  if (!key?.fresh || !value?.fresh) return null
  const split = query.split
  if (key.fresh.split !== split || value.fresh.split !== split || query.part !== 0 || key.fresh.part !== 1 || value.fresh.part !== 2) return null
  if (split.output!.length !== 3 || ![2, -1].includes(intAttributeOf(split, 'axis', 0))) return null
  const sizes = split.input![1] ? index.integers(split.input![1]) : null
  if (sizes && (sizes.length !== 3 || sizes.some((size) => size !== sizes[0]))) return null
  nodes.push(split)

  // Heads and head size from the past's declared shape, checked against the reshape's.
  const [, heads, , headSize] = pastShapes.get(key.past)!
  const target = index.integers(query.reshape.input![1])
  if (heads <= 0 || headSize <= 0 || !target || target.length !== 4 || target[2] !== heads || target[3] !== headSize) return null
  if (!index.isClosed(nodes, [merge.output![0], keyConcat.output![0], valueConcat.output![0]])) return null
  return {
    nodes,
    packedQkv: split.input![0],
    pastKey: key.past,
    pastValue: value.past,
    presentKey: keyConcat.output![0],
    presentValue: valueConcat.output![0],
    output: merge.output![0],
    heads,
    scale,
  }
}
