/**
 * Who writes and who reads each value of one graph, and the constants it can see: what a fusion
 * needs to walk from one node to its neighbours and to prove a matched block is closed (nothing
 * outside reads its inner values). Subgraphs read values of the graphs around them, so their
 * reads count as reads in every enclosing graph.
 */
import { ElementType, floatValues, forEachGraph, toNumber, type GraphProto, type NodeProto, type TensorProto } from './onnx-model'

export class GraphIndex {
  private readonly producers = new Map<string, NodeProto>()
  private readonly consumers = new Map<string, NodeProto[]>()
  /** The constants this graph sees: its own and its enclosing graphs'. */
  readonly constantsSeen = new Map<string, TensorProto>()
  private readonly outputs: Set<string>

  /** `visible`: constants of the enclosing graphs (a subgraph reads its parent's initializers). */
  constructor(
    readonly graph: GraphProto,
    visible: ReadonlyMap<string, TensorProto> = new Map(),
  ) {
    for (const [name, t] of visible) this.constantsSeen.set(name, t)
    for (const t of graph.initializer ?? []) this.constantsSeen.set(t.name ?? '', t)
    for (const node of graph.node ?? []) {
      for (const output of node.output ?? []) this.producers.set(output, node)
      const value = node.opType === 'Constant' ? node.attribute?.find((a) => a.name === 'value')?.t : undefined
      if (value) this.constantsSeen.set(node.output?.[0] ?? '', value)
      const reads = new Set(node.input ?? [])
      // A node's subgraphs read values of this graph by name: count them as this node's reads.
      for (const attribute of node.attribute ?? []) {
        for (const sub of [attribute.g, ...(attribute.graphs ?? [])]) {
          if (sub) forEachGraph(sub, (inner) => inner.node?.forEach((n) => n.input?.forEach((i) => reads.add(i))))
        }
      }
      for (const input of reads) if (input) this.consumers.set(input, [...(this.consumers.get(input) ?? []), node])
    }
    this.outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''))
  }

  producer(name: string): NodeProto | undefined {
    return this.producers.get(name)
  }

  consumersOf(name: string): NodeProto[] {
    return this.consumers.get(name) ?? []
  }

  isGraphOutput(name: string): boolean {
    return this.outputs.has(name)
  }


  /** The values of a constant float tensor, or null when `name` is not one. */
  floats(name: string): Float32Array | null {
    const t = this.constantsSeen.get(name)
    return t ? floatValues(t) : null
  }

  /** The values of a constant integer tensor (int64 or int32), or null. */
  integers(name: string): number[] | null {
    const t = this.constantsSeen.get(name)
    if (!t) return null
    if ((t.int64Data?.length ?? 0) > 0) return t.int64Data!.map(toNumber)
    if ((t.int32Data?.length ?? 0) > 0) return t.int32Data!.map(toNumber)
    const raw = t.rawData
    if (!raw || raw.byteLength === 0) return []
    const bytes = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
    if (t.dataType === ElementType.int64) return Array.from(new BigInt64Array(bytes), Number)
    if (t.dataType === ElementType.int32) return Array.from(new Int32Array(bytes))
    return null
  }

  /** The one float a scalar constant holds (a one-element tensor counts), or null. */
  scalar(name: string): number | null {
    const values = this.floats(name)
    return values && values.length === 1 ? values[0] : null
  }

  /**
   * Whether the values written by `nodes` are read only by `nodes` themselves, except `exits`:
   * then the block can be replaced by a node that writes `exits`.
   */
  isClosed(nodes: readonly NodeProto[], exits: readonly string[]): boolean {
    const inside = new Set(nodes)
    for (const node of nodes) {
      for (const output of node.output ?? []) {
        if (!output || exits.includes(output)) continue
        if (this.isGraphOutput(output) || this.consumersOf(output).some((c) => !inside.has(c))) return false
      }
    }
    return true
  }
}

/**
 * Calls `visit` on `main` and every subgraph below it, each with a fresh index that sees the
 * constants of the graphs around it. Build the indexes again after changing a graph.
 */
export function forEachIndexedGraph(main: GraphProto, visit: (graph: GraphProto, index: GraphIndex) => void): void {
  const walk = (graph: GraphProto, visible: ReadonlyMap<string, TensorProto>) => {
    const index = new GraphIndex(graph, visible)
    visit(graph, index)
    for (const node of graph.node ?? []) {
      for (const attribute of node.attribute ?? []) {
        for (const sub of [attribute.g, ...(attribute.graphs ?? [])]) if (sub) walk(sub, index.constantsSeen)
      }
    }
  }
  walk(main, new Map())
}
