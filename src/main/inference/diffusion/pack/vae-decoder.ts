import type * as ort from 'onnxruntime-node'
import { ContractError } from '../../../../shared/errors'
import { fixedSize, floatTensor, floatType, floatValues, requireTensor, type FloatType, type TensorInfo } from './session-metadata'

/** The VAE decoder of a pack: a latent [1, 4, h, w] to a picture [1, 3, 8h, 8w] in [-1, 1]. */
export class VaeDecoder {
  readonly fixedLatentSize: { height: number | null; width: number | null }
  private readonly outputName: string
  private readonly latentType: FloatType

  constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
    inputs: TensorInfo[],
    outputs: TensorInfo[],
  ) {
    const latent = requireTensor(inputs, 'latent_sample', file, 'input')
    this.latentType = floatType(latent, file)
    if (latent.shape.length !== 4) {
      throw new ContractError('pack-invalid', `${file}: latent_sample is [${latent.shape.join(', ')}]; expected [batch, 4, height, width].`, { file })
    }
    this.fixedLatentSize = { height: fixedSize(latent.shape[2]), width: fixedSize(latent.shape[3]) }
    const output = outputs.find((candidate) => candidate.name === 'sample') ?? outputs[0]
    if (!output) throw new ContractError('pack-invalid', `${file}: the VAE decoder has no output.`, { file })
    floatType(output, file)
    this.outputName = output.name
  }

  /** Decodes one unscaled latent (already divided by the scaling factor) to [3, 8h, 8w]. */
  async decode(latent: Float32Array, latentHeight: number, latentWidth: number): Promise<Float32Array> {
    const result = await this.session.run({ latent_sample: floatTensor(this.latentType, latent, [1, 4, latentHeight, latentWidth]) })
    const picture = result[this.outputName]
    const [batch, channels, height, width] = picture.dims
    const values = floatValues(picture)
    if (!values || batch !== 1 || channels !== 3 || height !== latentHeight * 8 || width !== latentWidth * 8) {
      throw new ContractError(
        'pack-invalid',
        `${this.file}: the decoder returned ${picture.type} [${picture.dims.join(', ')}] for a latent of [1, 4, ${latentHeight}, ${latentWidth}]; expected [1, 3, ${latentHeight * 8}, ${latentWidth * 8}].`,
      )
    }
    return values
  }
}
