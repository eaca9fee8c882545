import type * as ort from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'

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

/** Fails with `unsupported` when a float tensor is not float32 (half-precision exports). */
export function requireFloat32(tensor: TensorInfo, file: string): void {
  if (tensor.type !== 'float32') {
    throw new ContractError(
      'unsupported',
      `${file}: ${tensor.name} is ${tensor.type}; this build runs Stable Diffusion models with float32 inputs and outputs (use a float32 export).`,
      { file },
    )
  }
}
