/**
 * Finds the matrix products whose right-hand side is a constant weight: the layers worth
 * quantizing. Exports hand the weight over in several ways (an initializer in [K, N] as GPT-2's
 * Conv1D stores it, a Transpose of an nn.Linear [N, K] weight, a Cast from float16 before that,
 * a Gemm with transB), so the weight is traced back through Identity, Cast-to-float and
 * 2-D Transpose nodes to the initializer or Constant that holds it.
 */
import { ContractError } from '../../../shared/errors'
import { ElementType, floatAttributeOf, floatValues, forEachGraph, intAttributeOf, intsAttributeOf, toNumber, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from './onnx-model'

/** A constant weight as the product sees it: K rows (inputs) by N columns (outputs). */
export interface ConstantWeight {
  /** Identifies the stored tensor and its orientation: two products of one weight share it. */
  key: string
  /** The stored tensor's name. */
  source: string
  rows: number
  columns: number
  /** Row-major [K, N] float32 values (computed on demand: big weights are read once). */
  values(): Float32Array
}

/** One MatMul or Gemm that multiplies an activation by a constant weight. */
export interface WeightSite {
  graph: GraphProto
  node: NodeProto
  activation: string
  /** Gemm's C, added after the product. */
  bias: string | null
  output: string
  weight: ConstantWeight
}

/** Both sides at least this wide: smaller products (attention helpers, tiny heads) stay as they are. */
export const MIN_WEIGHT_SIDE = 16

/** Every product of `main` (and its subgraphs) whose right-hand side is a constant 2-D float weight. */
export function findWeightSites(main: GraphProto): WeightSite[] {
  const constants = new Map<string, TensorProto>()
  const producers = new Map<string, NodeProto>()
  forEachGraph(main, (graph) => {
    for (const t of graph.initializer ?? []) constants.set(t.name ?? '', t)
    for (const node of graph.node ?? []) {
      for (const output of node.output ?? []) producers.set(output, node)
      const value = node.opType === 'Constant' ? node.attribute?.find((a) => a.name === 'value')?.t : undefined
      if (value) constants.set(node.output?.[0] ?? '', value)
    }
  })
  const cache = new Map<string, ConstantWeight>()
  const weightOf = (name: string, transposeRequested: boolean): ConstantWeight | null => {
    let transposed = transposeRequested
    let current = name
    for (let hops = 0; hops < 8; hops++) {
      const stored = constants.get(current)
      if (stored) return constantWeight(stored, transposed, cache)
      const node = producers.get(current)
      if (!node) return null
      if (node.opType === 'Transpose') {
        const perm = intsAttributeOf(node, 'perm') ?? [1, 0]
        if (perm.length !== 2 || perm[0] !== 1) return null
        transposed = !transposed
      } else if (node.opType === 'Cast') {
        if (intAttributeOf(node, 'to', 0) !== ElementType.float) return null
      } else if (node.opType !== 'Identity') return null
      current = node.input?.[0] ?? ''
    }
    return null
  }

  const sites: WeightSite[] = []
  forEachGraph(main, (graph) => {
    for (const node of graph.node ?? []) {
      const [activation, right, bias] = node.input ?? []
      let weight: ConstantWeight | null = null
      if (node.opType === 'MatMul') weight = weightOf(right, false)
      else if (node.opType === 'Gemm' && plainGemm(node)) weight = weightOf(right, intAttributeOf(node, 'transB', 0) === 1)
      if (!weight || weight.rows < MIN_WEIGHT_SIDE || weight.columns < MIN_WEIGHT_SIDE) continue
      sites.push({ graph, node, activation, bias: node.opType === 'Gemm' && bias ? bias : null, output: node.output?.[0] ?? '', weight })
    }
  })
  return sites
}

/** The constant-weight products of `model`; `unsupported` when there are none. */
export function productsOf(model: ModelProto): WeightSite[] {
  const sites = findWeightSites(model.graph!)
  if (sites.length === 0) throw new ContractError('unsupported', 'The model has no matrix product with a constant weight to rewrite.')
  return sites
}

/** What a rewrite changed. */
export interface OptimizeModelReport {
  /** Products rewritten (a weight shared by two branches of a merged file counts twice). */
  products: number
  /** Distinct weights quantized or converted. */
  weights: number
}

/** The report of a rewrite of `sites`. */
export function reportOf(sites: WeightSite[]): OptimizeModelReport {
  return { products: sites.length, weights: new Set(sites.map((s) => s.weight.key)).size }
}

/** A Gemm that is a plain product plus bias: alpha = beta = 1, A not transposed. */
function plainGemm(node: NodeProto): boolean {
  return floatAttributeOf(node, 'alpha', 1) === 1 && floatAttributeOf(node, 'beta', 1) === 1 && intAttributeOf(node, 'transA', 0) === 0
}

function constantWeight(stored: TensorProto, transposed: boolean, cache: Map<string, ConstantWeight>): ConstantWeight | null {
  const dims = (stored.dims ?? []).map(toNumber)
  if (dims.length !== 2 || (stored.dataType !== ElementType.float && stored.dataType !== ElementType.float16)) return null
  const key = `${stored.name}${transposed ? '^T' : ''}`
  const known = cache.get(key)
  if (known) return known
  const [storedRows, storedColumns] = dims
  const rows = transposed ? storedColumns : storedRows
  const columns = transposed ? storedRows : storedColumns
  let values: Float32Array | null = null
  const weight: ConstantWeight = {
    key,
    source: stored.name ?? '',
    rows,
    columns,
    values: () => {
      if (values) return values
      const data = floatValues(stored)!
      if (!transposed) return (values = data)
      values = new Float32Array(rows * columns)
      for (let r = 0; r < storedRows; r++) for (let c = 0; c < storedColumns; c++) values[c * columns + r] = data[r * storedColumns + c]
      return values
    },
  }
  cache.set(key, weight)
  return weight
}
