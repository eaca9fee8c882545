import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import onnxProto from 'onnx-proto'
import { DataType, GraphBuilder, encodeModel, encodeModelWithExternalData, type GraphProto } from '../../../../tools/fixtures/onnx/graph-builder'

/** A tiny valid model: y = x + w, with x float32 [batch_size, n] and an n-float weight. */
export function addGraph(weights = new Float32Array([1, 2, 3, 4])): GraphProto {
  const graph = new GraphBuilder()
  const n = weights.length
  const x = graph.input('x', DataType.float, ['batch_size', n])
  const w = graph.initializer('w', DataType.float, weights, [n])
  graph.op('Add', [x, w], {}, 'y')
  graph.output('y', DataType.float, ['batch_size', n])
  return graph.toGraph('add')
}

export async function writeModel(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, bytes)
}

/** Writes `model.onnx` with its 64-float weight in an external file at `location`. */
export async function writeExternalModel(dir: string, location: string, dataPath = join(dir, location)): Promise<void> {
  const { model, data } = encodeModelWithExternalData(addGraph(new Float32Array(64).fill(1)), location, 16)
  await writeModel(join(dir, 'model.onnx'), model)
  await writeModel(dataPath, data)
}

/** A model whose graph is edited as a raw proto object before encoding (hostile variants). */
export function encodeEdited(edit: (model: onnxProto.onnx.IModelProto) => void): Uint8Array {
  const model = onnxProto.onnx.ModelProto.decode(encodeModel(addGraph()))
  edit(model)
  return onnxProto.onnx.ModelProto.encode(model).finish()
}

export { encodeModel }

type Signature = [name: string, type: number, dims: (number | string)[]][]

/**
 * A model with exactly the given inputs and outputs (each output is a constant): enough for
 * tests of structure checks, which never run it.
 */
export function signatureModel(inputs: Signature, outputs: Signature): Uint8Array {
  const graph = new GraphBuilder()
  for (const [name, type, dims] of inputs) graph.input(name, type as never, dims)
  for (const [name, type, dims] of outputs) {
    const value = graph.floats([0])
    graph.op('Identity', [value], {}, name)
    graph.output(name, type as never, dims)
  }
  return encodeModel(graph.toGraph('signature'))
}

/** The inputs and outputs of an Optimum GPT-2 export with one layer. */
export function gpt2SignatureModel(inputName = 'input_ids'): Uint8Array {
  const past = (i: number, kind: string): [string, number, (number | string)[]] => [`past_key_values.${i}.${kind}`, DataType.float, ['batch_size', 2, 'past_sequence_length', 4]]
  const present = (i: number, kind: string): [string, number, (number | string)[]] => [`present.${i}.${kind}`, DataType.float, ['batch_size', 2, 'total_sequence_length', 4]]
  return signatureModel(
    [
      [inputName, DataType.int64, ['batch_size', 'sequence_length']],
      ['attention_mask', DataType.int64, ['batch_size', 'total_sequence_length']],
      ['position_ids', DataType.int64, ['batch_size', 'sequence_length']],
      past(0, 'key'),
      past(0, 'value'),
    ],
    [['logits', DataType.float, ['batch_size', 'sequence_length', 16]], present(0, 'key'), present(0, 'value')],
  )
}

export { DataType }
