import * as ort from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'
import { fixedSize, floatTensor, floatType, floatValues, requireTensor, type FloatType, type TensorInfo } from './session-metadata'

/**
 * How an export takes the timestep: diffusers' script float32 [batch], optimum 1.5-1.23 int64
 * [steps], optimum >= 1.24 a float32 scalar []. A free vector gets one value, which the UNet
 * broadcasts over a guidance batch of 2 (as diffusers' ONNX pipeline feeds it); a vector of
 * fixed length gets that many copies.
 */
export interface TimestepFeed {
  type: FloatType | 'int64'
  /** Dims of the tensor fed: [] for a scalar, [n] for a vector. */
  dims: number[]
}

/** The latent input and output of one UNet run. */
export interface UNetRun {
  /** Latents [batch, 4, height, width]. */
  sample: Float32Array
  batch: number
  height: number
  width: number
  timestep: number
  /** Text conditioning [batch, 77, width]. */
  hidden: Float32Array
  hiddenDims: readonly [number, number, number]
  /** LCM's guidance embedding [batch, timeCondWidth]. */
  timestepCond?: Float32Array
}

/**
 * A pack's denoising UNet: predicts the noise (or v) in a latent at a timestep given the text
 * conditioning. Its signature decides how the pipeline batches and feeds it.
 */
export class UNet {
  readonly timestep: TimestepFeed
  /** The batch the export is fixed to (1 means classifier-free guidance takes two runs), or null. */
  readonly fixedBatch: number | null
  /** Latent height and width when the export fixes them (a model exported for one size). */
  readonly fixedLatentSize: { height: number | null; width: number | null }
  /** The cross-attention width (encoder_hidden_states' last dim) when declared. */
  readonly crossAttentionWidth: number | null
  /** LCM's time_cond_proj_dim: the UNet takes a guidance embedding as `timestep_cond`. */
  readonly timestepCondWidth: number | null
  private readonly outputName: string
  /** float16 in "io16" exports: converted at the edges, the loop stays float32. */
  private readonly sampleType: FloatType
  private readonly hiddenType: FloatType
  private readonly condType: FloatType

  constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
    inputs: TensorInfo[],
    outputs: TensorInfo[],
  ) {
    if (inputs.some((input) => input.name === 'text_embeds' || input.name === 'time_ids')) {
      throw new ContractError('unsupported', `${file}: this is an SDXL UNet (text_embeds, time_ids); SDXL packs are not supported.`, { file })
    }
    const sample = requireTensor(inputs, 'sample', file, 'input')
    const hidden = requireTensor(inputs, 'encoder_hidden_states', file, 'input')
    const timestep = requireTensor(inputs, 'timestep', file, 'input')
    this.sampleType = floatType(sample, file)
    this.hiddenType = floatType(hidden, file)
    if (sample.shape.length !== 4 || (fixedSize(sample.shape[1]) ?? 4) !== 4) {
      throw new ContractError('pack-invalid', `${file}: sample is [${sample.shape.join(', ')}]; a Stable Diffusion UNet takes [batch, 4, height, width].`, { file })
    }
    this.timestep = timestepFeed(timestep, file)
    this.fixedBatch = fixedSize(sample.shape[0])
    if (this.fixedBatch !== null && this.fixedBatch !== 1) {
      throw new ContractError('unsupported', `${file}: the UNet is fixed to a batch of ${this.fixedBatch}; only 1 or a free batch can run.`, { file })
    }
    this.fixedLatentSize = { height: fixedSize(sample.shape[2]), width: fixedSize(sample.shape[3]) }
    this.crossAttentionWidth = fixedSize(hidden.shape[2])
    const cond = inputs.find((input) => input.name === 'timestep_cond')
    this.condType = cond ? floatType(cond, file) : 'float32'
    this.timestepCondWidth = cond ? fixedSize(cond.shape[1]) : null
    if (cond && this.timestepCondWidth === null) {
      throw new ContractError('pack-invalid', `${file}: timestep_cond has no fixed width (time_cond_proj_dim).`, { file })
    }
    const known = new Set(['sample', 'timestep', 'encoder_hidden_states', 'timestep_cond'])
    const unknown = inputs.filter((input) => !known.has(input.name))
    if (unknown.length > 0) {
      throw new ContractError('pack-invalid', `${file}: the UNet takes inputs this engine cannot feed: ${unknown.map((input) => input.name).join(', ')}.`, { file })
    }
    const output = outputs.find((candidate) => candidate.name === 'out_sample') ?? outputs[0]
    if (!output) throw new ContractError('pack-invalid', `${file}: the UNet has no output.`, { file })
    floatType(output, file)
    this.outputName = output.name
  }

  /** One UNet run; returns its prediction [batch, 4, height, width] (a fresh buffer). */
  async predict(run: UNetRun): Promise<Float32Array> {
    const sampleDims = [run.batch, 4, run.height, run.width]
    const feeds: Record<string, ort.Tensor> = {
      sample: floatTensor(this.sampleType, run.sample, sampleDims),
      timestep: this.timestepTensor(run.timestep),
      encoder_hidden_states: floatTensor(this.hiddenType, run.hidden, run.hiddenDims),
    }
    if (this.timestepCondWidth !== null) {
      if (!run.timestepCond) throw new ContractError('internal', 'An LCM UNet needs its guidance embedding.')
      feeds.timestep_cond = floatTensor(this.condType, run.timestepCond, [run.batch, this.timestepCondWidth])
    }
    const output = (await this.session.run(feeds))[this.outputName]
    const expected = run.batch * 4 * run.height * run.width
    const values = floatValues(output)
    if (!values || output.size !== expected) {
      throw new ContractError('pack-invalid', `${this.file}: the UNet returned ${output.type} [${output.dims.join(', ')}] for a sample of [${sampleDims.join(', ')}].`)
    }
    return values
  }

  private timestepTensor(timestep: number): ort.Tensor {
    const { type, dims } = this.timestep
    const count = dims.length === 0 ? 1 : dims[0]
    // Integer exports get the nearest whole timestep (Euler's fractional ones included).
    return type === 'int64'
      ? new ort.Tensor('int64', new BigInt64Array(count).fill(BigInt(Math.round(timestep))), dims)
      : floatTensor(type, new Float32Array(count).fill(timestep), dims)
  }
}

function timestepFeed(timestep: TensorInfo, file: string): TimestepFeed {
  if (timestep.type !== 'float32' && timestep.type !== 'float16' && timestep.type !== 'int64') {
    throw new ContractError('unsupported', `${file}: timestep is ${timestep.type}; float32, float16 and int64 timesteps are supported.`, { file })
  }
  if (timestep.shape.length === 0) return { type: timestep.type, dims: [] }
  if (timestep.shape.length === 1) return { type: timestep.type, dims: [fixedSize(timestep.shape[0]) ?? 1] }
  throw new ContractError('pack-invalid', `${file}: timestep is [${timestep.shape.join(', ')}]; expected a scalar or a vector.`, { file })
}
