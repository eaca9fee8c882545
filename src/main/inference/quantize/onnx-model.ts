/**
 * Whole-model access to an ONNX file for rewriting: decode, walk every graph (subgraphs of `If`
 * included), read constant tensors as numbers, make new tensors, and write the result. Weights
 * kept in external data files are read into the model, so the rewritten file stands alone.
 */
import { readFileSync } from 'node:fs'
import { writeFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import onnxProto from 'onnx-proto'
import { ContractError } from '../../../shared/errors'
import { isInside } from '../../formats/inside-folder'
import { float16ToFloat32 } from '../runtime/float16'

export const { onnx } = onnxProto
export type ModelProto = onnxProto.onnx.IModelProto
export type GraphProto = onnxProto.onnx.IGraphProto
export type NodeProto = onnxProto.onnx.INodeProto
export type TensorProto = onnxProto.onnx.ITensorProto
export type AttributeProto = onnxProto.onnx.IAttributeProto

/** ONNX element types the rewrites read or write (values of TensorProto.DataType). */
export const ElementType = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, float16: 10 } as const

/** protobufjs hands int64 fields over as numbers or Long objects; both convert with Number(). */
export const toNumber = (value: number | { toString(): string } | null | undefined): number => Number(value ?? 0)

/** A protobuf message cannot exceed 2 GiB; bigger models would need external data on write. */
const MAX_INLINE_BYTES = 2 ** 31 - 1

/** Reads and decodes a model file, pulling external weights into the model. */
export function readModel(path: string): ModelProto {
  let model: ModelProto
  try {
    model = onnx.ModelProto.decode(readFileSync(path))
  } catch (error) {
    throw new ContractError('pack-invalid', `${path}: not an ONNX model (${(error as Error).message}).`, { path })
  }
  if (!model.graph) throw new ContractError('pack-invalid', `${path}: the model has no graph.`, { path })
  forEachGraph(model.graph, (graph) => graph.initializer?.forEach((tensor) => inlineExternalData(tensor, dirname(path))))
  return model
}

function inlineExternalData(tensor: TensorProto, dir: string): void {
  if (tensor.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) return
  const entry = (key: string) => tensor.externalData?.find((e) => e.key === key)?.value ?? undefined
  const location = entry('location')
  const file = location === undefined ? '' : join(dir, location)
  if (!location || !isInside(dir, file)) {
    throw new ContractError('pack-invalid', `${tensor.name}: external data outside the model's folder (${location}).`, { location })
  }
  const offset = Number(entry('offset') ?? 0)
  const length = entry('length')
  const data = readFileSync(file)
  tensor.rawData = data.subarray(offset, length === undefined ? data.length : offset + Number(length))
  tensor.dataLocation = onnx.TensorProto.DataLocation.DEFAULT
  tensor.externalData = []
}

/** Encodes `model` and writes it to `path` through a temporary file, so a crash leaves no half file. */
export async function writeModel(model: ModelProto, path: string): Promise<number> {
  const bytes = onnx.ModelProto.encode(model).finish()
  if (bytes.byteLength > MAX_INLINE_BYTES) {
    throw new ContractError('unsupported', `${path}: the optimized model would be ${bytes.byteLength} bytes, over the 2 GiB an ONNX file can hold inline.`)
  }
  const temporary = `${path}.partial`
  await writeFile(temporary, bytes)
  await rename(temporary, path)
  return bytes.byteLength
}

/** Calls `visit` on `graph` and on every subgraph below it, outermost first. */
export function forEachGraph(graph: GraphProto, visit: (graph: GraphProto) => void): void {
  visit(graph)
  for (const node of graph.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      if (attribute.g) forEachGraph(attribute.g, visit)
      for (const sub of attribute.graphs ?? []) forEachGraph(sub, visit)
    }
  }
}

/** The values of a float32 or float16 tensor as float32; null for any other element type. */
export function floatValues(tensor: TensorProto): Float32Array | null {
  const count = (tensor.dims ?? []).reduce<number>((a, d) => a * toNumber(d), 1)
  const raw = tensor.rawData && tensor.rawData.byteLength > 0 ? tensor.rawData : null
  if (tensor.dataType === ElementType.float) {
    if (!raw) return Float32Array.from(tensor.floatData ?? [])
    // Copy: protobuf byte fields are not 4-byte aligned in general.
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + count * 4))
  }
  if (tensor.dataType === ElementType.float16) {
    const bits = raw ? new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + count * 2)) : Uint16Array.from(tensor.int32Data ?? [])
    return float16ToFloat32(bits)
  }
  return null
}

type TensorData = Float32Array | Uint16Array | Uint8Array | Int8Array | Int32Array

/** A tensor holding `data` (raw little-endian bytes, as ONNX stores weights). */
export function tensor(name: string, dataType: number, data: TensorData, dims: number[]): TensorProto {
  return { name, dataType, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

/** An INT attribute. */
export const intAttribute = (name: string, value: number): AttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value })

/** A FLOAT attribute. */
export const floatAttribute = (name: string, value: number): AttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value })

/** The values of an INTS attribute, or null when the node does not set it. */
export function intsAttributeOf(node: NodeProto, name: string): number[] | null {
  return node.attribute?.find((a) => a.name === name)?.ints?.map(toNumber) ?? null
}

/** The value of an INT attribute, or `fallback` when the node does not set it. */
export function intAttributeOf(node: NodeProto, name: string, fallback: number): number {
  const found = node.attribute?.find((a) => a.name === name)
  return found ? toNumber(found.i) : fallback
}

/** The value of a FLOAT attribute, or `fallback` when the node does not set it. */
export function floatAttributeOf(node: NodeProto, name: string, fallback: number): number {
  const found = node.attribute?.find((a) => a.name === name)
  return found ? (found.f ?? fallback) : fallback
}

/** Declares an operator set the rewritten model needs (com.microsoft for MatMulNBits). */
export function requireOpset(model: ModelProto, domain: string, version: number): void {
  const imports = (model.opsetImport ??= [])
  if (!imports.some((o) => (o.domain ?? '') === domain)) imports.push({ domain, version })
}

/**
 * Drops nodes whose outputs nothing reads and initializers nothing uses, across subgraphs: a
 * rewrite leaves the old weight and its Cast / Transpose chain behind. Values a subgraph reads
 * from its enclosing graph count as used, and graph outputs are always kept.
 */
export function pruneUnused(main: GraphProto): void {
  for (;;) {
    const used = new Set<string>()
    forEachGraph(main, (graph) => {
      for (const node of graph.node ?? []) for (const input of node.input ?? []) used.add(input)
      for (const output of graph.output ?? []) used.add(output.name ?? '')
    })
    let removed = 0
    forEachGraph(main, (graph) => {
      const before = graph.node?.length ?? 0
      graph.node = (graph.node ?? []).filter((node) => (node.output ?? []).some((o) => used.has(o)))
      removed += before - graph.node.length
    })
    if (removed === 0) {
      forEachGraph(main, (graph) => (graph.initializer = (graph.initializer ?? []).filter((t) => used.has(t.name ?? ''))))
      return
    }
  }
}

/** Hands out value names that no graph of the model uses yet. */
export class NameSource {
  private readonly taken = new Set<string>()
  private counter = 0

  constructor(main: GraphProto) {
    forEachGraph(main, (graph) => {
      for (const node of graph.node ?? []) {
        for (const name of [...(node.input ?? []), ...(node.output ?? []), node.name ?? '']) this.taken.add(name)
      }
      for (const t of graph.initializer ?? []) this.taken.add(t.name ?? '')
      for (const v of graph.input ?? []) this.taken.add(v.name ?? '')
    })
  }

  /** A fresh name starting with `hint`. */
  fresh(hint: string): string {
    let name = hint
    while (this.taken.has(name)) name = `${hint}_${++this.counter}`
    this.taken.add(name)
    return name
  }
}
