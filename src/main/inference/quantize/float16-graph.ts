/**
 * Converts a decoder to float16 weights and activations, for GPU providers: every float tensor
 * of the graph becomes half precision except
 * - the model's inputs and outputs, which keep their types (a Cast at each edge), so the loader
 *   feeds and reads the file as it did the original;
 * - LayerNormalization, which runs in float32 between two Casts (its variance over hundreds of
 *   values is where half precision loses the most);
 * - embedding tables read by Gather, which stay float32 and are cast after the lookup.
 * The products' weights are written once more, as [K, N] float16 tensors of their own, so that a
 * tied LM head does not cast the whole embedding table on every token.
 */
import { float32ToFloat16 } from '../runtime/float16'
import { ElementType, floatValues, forEachGraph, intAttribute, NameSource, pruneUnused, tensor, type GraphProto, type ModelProto, type NodeProto, type TensorProto } from './onnx-model'
import { findWeightSites, reportOf, type OptimizeModelReport, type WeightSite } from './weight-sites'

/** The largest finite half: float32 constants beyond it (mask fill values) are clamped, not made infinite. */
const HALF_MAX = 65504

export interface Float16Options {
  /**
   * Keep float32 inputs and outputs (a Cast at each edge), as optimize writes; false makes them
   * float16 too, as the "io16" exports of onnxconverter-common's keep_io_types=False do.
   */
  keepIoTypes: boolean
}

/** Rewrites `model` in place to float16 (see the module comment). */
export function convertToFloat16(model: ModelProto, options: Float16Options): OptimizeModelReport {
  const main = model.graph!
  // A model without constant-weight products (a VAE of convolutions) still converts.
  const sites = findWeightSites(main)
  const names = new NameSource(main)
  const initializers = (main.initializer ??= [])
  pointProductsAtHalfWeights(sites, names, initializers)
  // The old weights and their Cast / Transpose chains go now, so they count as nobody's input below.
  pruneUnused(main)

  forEachGraph(main, (graph) => {
    for (const node of graph.node ?? []) narrowTypeAttributes(node)
  })
  const keptFloat = float32OnlyInitializers(main)
  forEachGraph(main, (graph) => {
    for (const t of graph.initializer ?? []) if (!keptFloat.has(t.name ?? '')) narrowTensor(t)
    keepLayerNormAndEmbeddingsFloat32(graph, keptFloat, names)
    if (graph !== main) for (const output of graph.output ?? []) narrowValueInfo(output)
    // Intermediate type annotations would now be wrong; onnxruntime infers them again.
    graph.valueInfo = []
  })
  if (options.keepIoTypes) {
    castInputs(main, names)
    castOutputs(main, names)
  } else {
    for (const value of [...(main.input ?? []), ...(main.output ?? [])]) narrowValueInfo(value)
  }
  return reportOf(sites)
}

function pointProductsAtHalfWeights(sites: WeightSite[], names: NameSource, initializers: TensorProto[]): void {
  const made = new Map<string, string>()
  for (const { node, weight } of sites) {
    let name = made.get(weight.key)
    if (!name) {
      name = names.fresh(`${weight.source}_fp16`)
      initializers.push(tensor(name, ElementType.float16, float32ToFloat16(weight.values()), [weight.rows, weight.columns]))
      made.set(weight.key, name)
    }
    node.input![1] = name
    // The new tensor is already [K, N].
    if (node.opType === 'Gemm') node.attribute = (node.attribute ?? []).filter((a) => a.name !== 'transB')
  }
}

/** Casts to float32, Constant and ConstantOfShape values: each becomes its float16 counterpart. */
function narrowTypeAttributes(node: NodeProto): void {
  for (const attribute of node.attribute ?? []) {
    if (node.opType === 'Cast' && attribute.name === 'to' && Number(attribute.i) === ElementType.float) attribute.i = ElementType.float16
    if ((node.opType === 'Constant' || node.opType === 'ConstantOfShape') && attribute.t) narrowTensor(attribute.t)
  }
}

function narrowTensor(t: TensorProto): void {
  if (t.dataType !== ElementType.float) return
  const values = floatValues(t)!
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) values[i] = Math.max(-HALF_MAX, Math.min(HALF_MAX, values[i]))
  const half = float32ToFloat16(values)
  t.dataType = ElementType.float16
  t.rawData = new Uint8Array(half.buffer)
  t.floatData = []
}

function narrowValueInfo(value: { type?: { tensorType?: { elemType?: number | null } | null } | null }): void {
  const tensorType = value.type?.tensorType
  if (tensorType?.elemType === ElementType.float) tensorType.elemType = ElementType.float16
}

/** Float32 initializers read only by LayerNormalization or as a Gather's table. */
function float32OnlyInitializers(main: GraphProto): Set<string> {
  const candidates = new Set((main.initializer ?? []).filter((t) => t.dataType === ElementType.float).map((t) => t.name ?? ''))
  const kept = new Set(candidates)
  forEachGraph(main, (graph) => {
    for (const node of graph.node ?? []) {
      ;(node.input ?? []).forEach((input, slot) => {
        if (!candidates.has(input)) return
        const float32Slot = node.opType === 'LayerNormalization' || (node.opType === 'Gather' && slot === 0)
        if (!float32Slot) kept.delete(input)
      })
    }
  })
  return kept
}

function keepLayerNormAndEmbeddingsFloat32(graph: GraphProto, keptFloat: Set<string>, names: NameSource): void {
  const rewritten: NodeProto[] = []
  const cast = (input: string, output: string, to: number): NodeProto => ({
    opType: 'Cast',
    name: names.fresh(`${output}_cast`),
    input: [input],
    output: [output],
    attribute: [intAttribute('to', to)],
  })
  for (const node of graph.node ?? []) {
    const layerNorm = node.opType === 'LayerNormalization'
    const embedding = node.opType === 'Gather' && keptFloat.has(node.input?.[0] ?? '')
    if (!layerNorm && !embedding) {
      rewritten.push(node)
      continue
    }
    if (layerNorm) {
      node.input = (node.input ?? []).map((input) => {
        if (!input || keptFloat.has(input)) return input
        const widened = names.fresh(`${input}_float32`)
        rewritten.push(cast(input, widened, ElementType.float))
        return widened
      })
      node.output = (node.output ?? []).slice(0, 1)
    }
    const output = node.output![0]
    const wide = names.fresh(`${output}_float32`)
    node.output![0] = wide
    rewritten.push(node, cast(wide, output, ElementType.float16))
  }
  graph.node = rewritten
}

/** Float32 model inputs are cast to float16 once, and every reader (in subgraphs too) reads the cast. */
function castInputs(main: GraphProto, names: NameSource): void {
  const renamed = new Map<string, string>()
  const casts: NodeProto[] = []
  for (const input of main.input ?? []) {
    if (input.type?.tensorType?.elemType !== ElementType.float) continue
    const name = input.name ?? ''
    const half = names.fresh(`${name}_fp16`)
    renamed.set(name, half)
    casts.push({ opType: 'Cast', name: names.fresh(`${name}_cast`), input: [name], output: [half], attribute: [intAttribute('to', ElementType.float16)] })
  }
  forEachGraph(main, (graph) => {
    for (const node of graph.node ?? []) node.input = (node.input ?? []).map((input) => renamed.get(input) ?? input)
  })
  main.node = [...casts, ...(main.node ?? [])]
}

/**
 * Float32 model outputs are produced in float16 and cast back as the last step; nodes that also
 * read an output inside the graph (attention reading its own present key) read the half value.
 */
function castOutputs(main: GraphProto, names: NameSource): void {
  const renamed = new Map<string, string>()
  for (const output of main.output ?? []) {
    if (output.type?.tensorType?.elemType !== ElementType.float) continue
    renamed.set(output.name ?? '', names.fresh(`${output.name}_fp16`))
  }
  forEachGraph(main, (graph) => {
    for (const node of graph.node ?? []) {
      node.input = (node.input ?? []).map((input) => renamed.get(input) ?? input)
      if (graph === main) node.output = (node.output ?? []).map((output) => renamed.get(output) ?? output)
    }
  })
  for (const [output, half] of renamed) {
    main.node!.push({ opType: 'Cast', name: names.fresh(`${output}_cast`), input: [half], output: [output], attribute: [intAttribute('to', ElementType.float)] })
  }
}
