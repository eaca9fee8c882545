import * as ort from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'
import { float16ToFloat32, float32ToFloat16 } from '../../runtime/float16'

/** A tensor input or output as onnxruntime reports it once the model is loaded. */
export interface TensorInfo {
  name: string
  type: string
  /** Numbers are fixed sizes, strings symbolic (free) dimensions. */
  shape: (number | string)[]
}

/** What a loaded session takes and gives; the pack signature rules read it as it is. */
export interface SessionSignature {
  inputs: TensorInfo[]
  outputs: TensorInfo[]
}

/** The inputs and outputs of a loaded session, as plain signatures. */
export function sessionSignature(session: ort.InferenceSession): SessionSignature {
  const convert = (metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] =>
    metadata.map((value) => (value.isTensor ? { name: value.name, type: value.type, shape: [...value.shape] } : { name: value.name, type: 'non-tensor', shape: [] }))
  return { inputs: convert(session.inputMetadata), outputs: convert(session.outputMetadata) }
}

/** A fixed dimension's size, or null when the dimension is symbolic. */
export function fixedSize(dim: number | string | undefined): number | null {
  return typeof dim === 'number' && dim > 0 ? dim : null
}

/** Finds a named tensor, or fails with `pack-invalid` naming the file. */
export function requireTensor(tensors: TensorInfo[], name: string, file: string, side: 'input' | 'output'): TensorInfo {
  const tensor = tensors.find((candidate) => candidate.name === name)
  if (!tensor) {
    const found = tensors.map((candidate) => candidate.name).join(', ') || 'none'
    throw new ContractError('pack-invalid', `${file}: the model has no ${side} named ${name} (it has ${found}).`, { file })
  }
  return tensor
}

/** The element type of a float tensor of a Stable Diffusion model. */
export type FloatType = 'float32' | 'float16'

/**
 * The type of a float input or output: float32, or float16 in half-precision "io16" exports,
 * which the engine converts at the edges (it computes in float32 between runs). Anything else
 * is `pack-invalid`.
 */
export function floatType(tensor: TensorInfo, file: string): FloatType {
  if (tensor.type !== 'float32' && tensor.type !== 'float16') {
    throw new ContractError('pack-invalid', `${file}: ${tensor.name} is ${tensor.type}; expected float32 or float16.`, { file })
  }
  return tensor.type
}

/** A tensor of `values` in the model's float type (converted when it is float16). */
export function floatTensor(type: FloatType, values: Float32Array, dims: readonly number[]): ort.Tensor {
  return type === 'float16' ? new ort.Tensor('float16', float32ToFloat16(values), dims) : new ort.Tensor('float32', values, dims)
}

/** A float32 or float16 output as float32 values; null for any other type. */
export function floatValues(tensor: ort.Tensor): Float32Array | null {
  if (tensor.type === 'float32') return tensor.data as Float32Array
  if (tensor.type === 'float16') return float16ToFloat32(tensor.data as Uint16Array)
  return null
}
