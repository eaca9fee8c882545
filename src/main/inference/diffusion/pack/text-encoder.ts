import * as ort from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'
import { fixedSize, floatType, floatValues, requireTensor, type TensorInfo } from './session-metadata'

/**
 * The CLIP text encoder of a pack: token ids [batch, 77] in, `last_hidden_state`
 * [batch, 77, width] out. Exports differ in the id type (int32 from diffusers' script and
 * optimum < 1.24, int64 from newer optimum) and in whether the batch is free; both are read
 * from the model instead of assumed.
 */
export class ClipTextEncoder {
  readonly idsType: 'int32' | 'int64'
  /** The batch the model requires, or null when any batch runs. */
  readonly fixedBatch: number | null
  /** The hidden width (768 for SD 1.x) when the model declares it. */
  readonly declaredWidth: number | null

  constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
    inputs: TensorInfo[],
    outputs: TensorInfo[],
    private readonly contextLength: number,
  ) {
    const ids = requireTensor(inputs, 'input_ids', file, 'input')
    if (ids.type !== 'int32' && ids.type !== 'int64') {
      throw new ContractError('pack-invalid', `${file}: input_ids is ${ids.type}; a CLIP text encoder takes int32 or int64 ids.`, { file })
    }
    const sequence = fixedSize(ids.shape[1])
    if (ids.shape.length !== 2 || (sequence !== null && sequence !== contextLength)) {
      throw new ContractError('pack-invalid', `${file}: input_ids is [${ids.shape.join(', ')}]; expected [batch, ${contextLength}].`, { file })
    }
    const hidden = requireTensor(outputs, 'last_hidden_state', file, 'output')
    floatType(hidden, file)
    this.idsType = ids.type
    this.fixedBatch = fixedSize(ids.shape[0])
    if (this.fixedBatch !== null && this.fixedBatch !== 1) {
      throw new ContractError('unsupported', `${file}: the text encoder is fixed to a batch of ${this.fixedBatch}; only 1 or a free batch can run.`, { file })
    }
    this.declaredWidth = fixedSize(hidden.shape[2])
  }

  /**
   * Encodes several prompts' ids (each `contextLength` long) into their hidden states, stacked
   * in order as [count, 77, width]: one run when the batch is free, else one run per prompt.
   */
  async encode(prompts: Int32Array[]): Promise<{ hidden: Float32Array; width: number }> {
    const runs = this.fixedBatch === null ? [prompts] : prompts.map((ids) => [ids])
    const parts: Float32Array[] = []
    let width = 0
    for (const batch of runs) {
      const ids = new Int32Array(batch.length * this.contextLength)
      batch.forEach((row, index) => ids.set(row, index * this.contextLength))
      const dims = [batch.length, this.contextLength]
      const tensor = this.idsType === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), dims) : new ort.Tensor('int32', ids, dims)
      const result = await this.session.run({ input_ids: tensor })
      const output = result.last_hidden_state
      const [rows, positions, outWidth] = output.dims
      const values = floatValues(output)
      if (!values || rows !== batch.length || positions !== this.contextLength) {
        throw new ContractError('pack-invalid', `${this.file}: last_hidden_state came out as ${output.type} [${output.dims.join(', ')}].`)
      }
      width = outWidth
      parts.push(values)
    }
    if (parts.length === 1) return { hidden: parts[0], width }
    const hidden = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0))
    let offset = 0
    for (const part of parts) {
      hidden.set(part, offset)
      offset += part.length
    }
    return { hidden, width }
  }
}
