import { MalformedProtoError, ProtoFileReader, WireType } from './proto-reader'

/**
 * What the studio needs to know about an ONNX model before onnxruntime may open it, read from
 * the file's structure alone (weights are skipped, never loaded).
 */
export interface ModelHeader {
  irVersion: number
  opsetImports: { domain: string; version: number }[]
  /** Graph inputs a caller must feed (initializers listed as inputs by old exporters are left out). */
  inputs: TensorSignature[]
  outputs: TensorSignature[]
  /** Every operator domain a node uses, in the main graph, subgraphs and functions. */
  nodeDomains: string[]
  /** Domains of functions the model defines itself (their nodes need no external operators). */
  functionDomains: string[]
  /** Every constant tensor (initializers, Constant values, attribute tensors). */
  tensors: DeclaredTensor[]
}

/** A graph input or output; `type` uses onnxruntime's names (float32, int64, bool, ...). */
export interface TensorSignature {
  name: string
  type: string
  /** Numbers are fixed sizes, strings symbolic; null when the model declares no shape. */
  shape: (number | string)[] | null
}

export interface DeclaredTensor {
  name: string
  /** ONNX element type number (TensorProto.DataType). */
  dataType: number
  dims: bigint[]
  /** Bytes of raw_data stored inside the model, when the tensor keeps its data there. */
  rawBytes: number | null
  /**
   * The external-data entries (location, offset, length) when it has any. Checked whatever
   * data_location says, so no reference to another file is ever left unchecked.
   */
  external: Record<string, string> | null
}

/** onnxruntime's name and bit width of each ONNX element type. */
export const elementTypes: Record<number, { name: string; bits: number }> = {
  1: { name: 'float32', bits: 32 },
  2: { name: 'uint8', bits: 8 },
  3: { name: 'int8', bits: 8 },
  4: { name: 'uint16', bits: 16 },
  5: { name: 'int16', bits: 16 },
  6: { name: 'int32', bits: 32 },
  7: { name: 'int64', bits: 64 },
  8: { name: 'string', bits: 0 },
  9: { name: 'bool', bits: 8 },
  10: { name: 'float16', bits: 16 },
  11: { name: 'float64', bits: 64 },
  12: { name: 'uint32', bits: 32 },
  13: { name: 'uint64', bits: 64 },
  14: { name: 'complex64', bits: 64 },
  15: { name: 'complex128', bits: 128 },
  16: { name: 'bfloat16', bits: 16 },
  17: { name: 'float8e4m3fn', bits: 8 },
  18: { name: 'float8e4m3fnuz', bits: 8 },
  19: { name: 'float8e5m2', bits: 8 },
  20: { name: 'float8e5m2fnuz', bits: 8 },
  21: { name: 'uint4', bits: 4 },
  22: { name: 'int4', bits: 4 },
  23: { name: 'float4e2m1', bits: 4 },
}

/** Deeper nesting of subgraphs than this is refused (real models nest two or three levels). */
const MAX_GRAPH_DEPTH = 32
/** More nodes, tensors or values than this is not a model this studio can use. */
const MAX_ITEMS = 2_000_000

/**
 * Reads the structure of an ONNX model file (ModelProto) without its weights.
 * @throws MalformedProtoError when the bytes are not a well-formed model.
 */
export function readModelHeader(path: string): ModelHeader {
  return ProtoFileReader.use(path, (reader) => new HeaderParser(reader).model())
}

class HeaderParser {
  private readonly header: ModelHeader = {
    irVersion: 0,
    opsetImports: [],
    inputs: [],
    outputs: [],
    nodeDomains: [],
    functionDomains: [],
    tensors: [],
  }
  private readonly domains = new Set<string>()
  private items = 0

  constructor(private readonly reader: ProtoFileReader) {}

  model(): ModelHeader {
    const r = this.reader
    let sawGraph = false
    r.fields(r.size, (field, wire) => {
      if (field === 1 && wire === WireType.varint) this.header.irVersion = r.varint()
      else if (field === 7 && wire === WireType.bytes) {
        sawGraph = true
        this.graph(r.lengthEnd(), 0, true)
      } else if (field === 8 && wire === WireType.bytes) this.header.opsetImports.push(this.opset(r.lengthEnd()))
      else if (field === 25 && wire === WireType.bytes) this.function(r.lengthEnd())
      else r.skip(wire)
    })
    if (!sawGraph) throw new MalformedProtoError('no graph')
    this.header.nodeDomains = [...this.domains].sort()
    return this.header
  }

  private count(): void {
    if (++this.items > MAX_ITEMS) throw new MalformedProtoError('too many nodes or tensors')
  }

  private opset(end: number): { domain: string; version: number } {
    const r = this.reader
    const opset = { domain: '', version: 0 }
    r.fields(end, (field, wire) => {
      if (field === 1 && wire === WireType.bytes) opset.domain = r.string()
      else if (field === 2 && wire === WireType.varint) opset.version = r.varint()
      else r.skip(wire)
    })
    return opset
  }

  /** FunctionProto: 7 node, 10 domain. */
  private function(end: number): void {
    const r = this.reader
    r.fields(end, (field, wire) => {
      if (field === 7 && wire === WireType.bytes) this.node(r.lengthEnd(), 1)
      else if (field === 10 && wire === WireType.bytes) this.header.functionDomains.push(r.string())
      else r.skip(wire)
    })
  }

  /** GraphProto: 1 node, 5 initializer, 15 sparse_initializer, 11 input, 12 output. */
  private graph(end: number, depth: number, main: boolean): void {
    if (depth > MAX_GRAPH_DEPTH) throw new MalformedProtoError('subgraphs nested too deeply')
    const r = this.reader
    const inputs: TensorSignature[] = []
    const initializers = new Set<string>()
    r.fields(end, (field, wire) => {
      if (wire !== WireType.bytes) return r.skip(wire)
      if (field === 1) this.node(r.lengthEnd(), depth)
      else if (field === 5) initializers.add(this.tensor(r.lengthEnd()).name)
      else if (field === 15) this.sparseTensor(r.lengthEnd())
      else if (main && field === 11) inputs.push(this.valueInfo(r.lengthEnd()))
      else if (main && field === 12) this.header.outputs.push(this.valueInfo(r.lengthEnd()))
      else r.skip(wire)
    })
    if (main) this.header.inputs = inputs.filter((input) => !initializers.has(input.name))
  }

  /** NodeProto: 7 domain, 5 attribute. */
  private node(end: number, depth: number): void {
    this.count()
    const r = this.reader
    let domain = ''
    r.fields(end, (field, wire) => {
      if (field === 7 && wire === WireType.bytes) domain = r.string()
      else if (field === 5 && wire === WireType.bytes) this.attribute(r.lengthEnd(), depth)
      else r.skip(wire)
    })
    this.domains.add(domain)
  }

  /** AttributeProto: 5 t, 6 g, 10 tensors, 11 graphs, 22 sparse_tensor, 23 sparse_tensors. */
  private attribute(end: number, depth: number): void {
    const r = this.reader
    r.fields(end, (field, wire) => {
      if (wire !== WireType.bytes) return r.skip(wire)
      if (field === 5 || field === 10) this.tensor(r.lengthEnd())
      else if (field === 6 || field === 11) this.graph(r.lengthEnd(), depth + 1, false)
      else if (field === 22 || field === 23) this.sparseTensor(r.lengthEnd())
      else r.skip(wire)
    })
  }

  /** SparseTensorProto: 1 values, 2 indices (both TensorProto). */
  private sparseTensor(end: number): void {
    const r = this.reader
    r.fields(end, (field, wire) => {
      if ((field === 1 || field === 2) && wire === WireType.bytes) this.tensor(r.lengthEnd())
      else r.skip(wire)
    })
  }

  /** TensorProto: 1 dims, 2 data_type, 8 name, 9 raw_data, 13 external_data. */
  private tensor(end: number): DeclaredTensor {
    this.count()
    const r = this.reader
    const tensor: DeclaredTensor = { name: '', dataType: 0, dims: [], rawBytes: null, external: null }
    r.fields(end, (field, wire) => {
      if (field === 1) r.repeatedInt64(wire, tensor.dims)
      else if (field === 2 && wire === WireType.varint) tensor.dataType = r.varint()
      else if (field === 8 && wire === WireType.bytes) tensor.name = r.string()
      else if (field === 9 && wire === WireType.bytes) {
        const dataEnd = r.lengthEnd()
        tensor.rawBytes = dataEnd - r.position
        r.position = dataEnd
      } else if (field === 13 && wire === WireType.bytes) {
        const [key, value] = this.stringEntry(r.lengthEnd())
        tensor.external ??= {}
        tensor.external[key] = value
      } else r.skip(wire)
    })
    this.header.tensors.push(tensor)
    return tensor
  }

  private stringEntry(end: number): [string, string] {
    const r = this.reader
    let key = ''
    let value = ''
    r.fields(end, (field, wire) => {
      if (field === 1 && wire === WireType.bytes) key = r.string(1024)
      else if (field === 2 && wire === WireType.bytes) value = r.string(4096)
      else r.skip(wire)
    })
    return [key, value]
  }

  /** ValueInfoProto: 1 name, 2 type (TypeProto: 1 tensor_type {1 elem_type, 2 shape}). */
  private valueInfo(end: number): TensorSignature {
    const r = this.reader
    const value: TensorSignature = { name: '', type: 'non-tensor', shape: null }
    r.fields(end, (field, wire) => {
      if (field === 1 && wire === WireType.bytes) value.name = r.string()
      else if (field === 2 && wire === WireType.bytes) {
        r.fields(r.lengthEnd(), (typeField, typeWire) => {
          if (typeField === 1 && typeWire === WireType.bytes) this.tensorType(r.lengthEnd(), value)
          else r.skip(typeWire)
        })
      } else r.skip(wire)
    })
    return value
  }

  private tensorType(end: number, value: TensorSignature): void {
    const r = this.reader
    r.fields(end, (field, wire) => {
      if (field === 1 && wire === WireType.varint) {
        const code = r.varint()
        value.type = elementTypes[code]?.name ?? `type ${code}`
      } else if (field === 2 && wire === WireType.bytes) {
        value.shape = []
        r.fields(r.lengthEnd(), (shapeField, shapeWire) => {
          if (shapeField === 1 && shapeWire === WireType.bytes) value.shape!.push(this.dimension(r.lengthEnd()))
          else r.skip(shapeWire)
        })
      } else r.skip(wire)
    })
  }

  /** Dimension: 1 dim_value, 2 dim_param; neither means an unnamed free dimension. */
  private dimension(end: number): number | string {
    const r = this.reader
    let dim: number | string = '?'
    r.fields(end, (field, wire) => {
      if (field === 1 && wire === WireType.varint) dim = Number(r.int64())
      else if (field === 2 && wire === WireType.bytes) dim = r.string(1024)
      else r.skip(wire)
    })
    return dim
  }
}
