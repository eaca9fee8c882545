/**
 * Replaces GPT-2's tanh GELU, which exporters write out as nine elementwise nodes
 * (0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))), with one com.microsoft FastGelu node, which
 * computes exactly that formula in one pass. Operands may come in either order and x³ as
 * x·x·x or Pow(x, 3); anything else is left as it is.
 */
import { GraphIndex } from './graph-index'
import type { GraphProto, NodeProto } from './onnx-model'
import { replaceBlock } from './replace-node'

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI)
const CUBIC = 0.044715

/** Fuses every tanh GELU of `graph` it can prove; returns how many. */
export function fuseGelu(graph: GraphProto, index: GraphIndex): number {
  let fused = 0
  for (const tanh of (graph.node ?? []).filter((n) => n.opType === 'Tanh')) {
    const match = matchGelu(index, tanh)
    if (!match) continue
    replaceBlock(graph, match.nodes, [{ opType: 'FastGelu', domain: 'com.microsoft', input: [match.x], output: [match.last.output![0]] }])
    fused++
  }
  return fused
}

function matchGelu(index: GraphIndex, tanh: NodeProto): { x: string; nodes: NodeProto[]; last: NodeProto } | null {
  const nodes: NodeProto[] = [tanh]
  const near = (value: number | null, expected: number) => value !== null && Math.abs(value - expected) <= 1e-4 * Math.abs(expected)
  /** For a binary node with a constant operand near `expected`, the other operand. */
  const scaledBy = (node: NodeProto | undefined, op: string, expected: number): string | null => {
    if (node?.opType !== op) return null
    const [a, b] = node.input ?? []
    if (near(index.scalar(b), expected)) return a
    if (near(index.scalar(a), expected)) return b
    return null
  }
  const only = (name: string) => {
    const consumers = index.consumersOf(name)
    return consumers.length === 1 ? consumers[0] : undefined
  }

  // Inside: √(2/π)·(x + 0.044715·x³).
  const scaledNode = index.producer(tanh.input![0])
  const inner = scaledBy(scaledNode, 'Mul', SQRT_2_OVER_PI)
  const sum = inner === null ? undefined : index.producer(inner)
  if (!inner || sum?.opType !== 'Add') return null
  nodes.push(scaledNode!, sum)
  let x: string | null = null
  for (const [candidate, other] of [sum.input!, [...sum.input!].reverse()]) {
    const cubicNode = index.producer(other)
    const cube = scaledBy(cubicNode, 'Mul', CUBIC)
    if (cube === null || !isCube(index, cube, candidate, nodes)) continue
    nodes.push(cubicNode!)
    x = candidate
    break
  }
  if (x === null) return null

  // Outside: 0.5·x·(1 + tanh), as (0.5·x)·(1 + tanh) or (x·(1 + tanh))·0.5.
  const onePlusNode = only(tanh.output![0])
  if (scaledBy(onePlusNode, 'Add', 1) !== tanh.output![0]) return null
  nodes.push(onePlusNode!)
  const product = only(onePlusNode!.output![0])
  if (product?.opType !== 'Mul') return null
  nodes.push(product)
  const [a, b] = product.input!
  const otherSide = a === onePlusNode!.output![0] ? b : a
  let last = product
  const halfNode = index.producer(otherSide)
  if (scaledBy(halfNode, 'Mul', 0.5) === x && only(otherSide) === product) nodes.push(halfNode!)
  else if (otherSide === x) {
    const halving = only(product.output![0])
    if (scaledBy(halving, 'Mul', 0.5) !== product.output![0]) return null
    nodes.push(halving!)
    last = halving!
  } else return null
  return index.isClosed(nodes, [last.output![0]]) ? { x, nodes, last } : null
}

/** Whether `name` is x³ (x·x·x in any grouping, or Pow(x, 3)); adds its nodes to `nodes`. */
function isCube(index: GraphIndex, name: string, x: string, nodes: NodeProto[]): boolean {
  const node = index.producer(name)
  if (node?.opType === 'Pow') {
    if (node.input![0] !== x || index.scalar(node.input![1]) !== 3) return false
    nodes.push(node)
    return true
  }
  if (node?.opType !== 'Mul') return false
  for (const [square, single] of [node.input!, [...node.input!].reverse()]) {
    const squareNode = index.producer(square)
    if (single === x && squareNode?.opType === 'Mul' && squareNode.input![0] === x && squareNode.input![1] === x) {
      nodes.push(node, squareNode)
      return true
    }
  }
  return false
}
