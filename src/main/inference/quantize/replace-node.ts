import type { GraphProto, NodeProto } from './onnx-model'

/** Puts `replacement` where `node` stood in its graph, keeping the graph's topological order. */
export function replaceNode(graph: GraphProto, node: NodeProto, replacement: NodeProto[]): void {
  const nodes = graph.node ?? []
  const at = nodes.indexOf(node)
  if (at < 0) throw new Error(`node ${node.name} is not in its graph`)
  nodes.splice(at, 1, ...replacement)
}

/**
 * Puts `replacement` where the last node of `block` stood and drops the rest of the block:
 * everything the block read is written before its last node, so the order stays topological.
 */
export function replaceBlock(graph: GraphProto, block: readonly NodeProto[], replacement: NodeProto[]): void {
  const nodes = graph.node ?? []
  const last = nodes[Math.max(...block.map((node) => nodes.indexOf(node)))]
  replaceNode(graph, last, replacement)
  graph.node = graph.node!.filter((node) => !block.includes(node))
}
