import type { GraphProto, NodeProto } from './onnx-model'

/** Puts `replacement` where `node` stood in its graph, keeping the graph's topological order. */
export function replaceNode(graph: GraphProto, node: NodeProto, replacement: NodeProto[]): void {
  const nodes = graph.node ?? []
  const at = nodes.indexOf(node)
  if (at < 0) throw new Error(`node ${node.name} is not in its graph`)
  nodes.splice(at, 1, ...replacement)
}
