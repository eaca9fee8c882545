import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { upscaleFactors, type UpscaleFactor } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { UpscalerPackDefaults } from '../../../shared/pack-manifest'
import { inspectModelFile } from '../../formats/onnx/model-safety'
import { componentRule, signatureProblems } from '../../formats/signatures'
import { fixedSize, sessionSignature } from '../diffusion/pack/session-metadata'
import type { ProviderName, ProviderPreference } from '../runtime/execution-providers'
import { float16ToFloat32, float32ToFloat16 } from '../runtime/float16'
import { readPackJson } from '../runtime/pack-files'
import { openSession, providerNotice, type ProviderAttempt } from '../runtime/session'

/** An upscaler pack, opened: one session that turns [1, 3, h, w] in [0, 1] into [1, 3, s*h, s*w]. */
export interface UpscalerModel {
  /** The model file, relative to the pack. */
  file: string
  scale: UpscaleFactor
  /** The input edge when the export fixes height and width (tiles must be exactly this size). */
  fixedSize: number | null
  /** The tile edge pack.json recommends, if any. */
  packTile: number | null
  provider: ProviderName
  providerAttempts: ProviderAttempt[]
  providerNotice: string | null
  loadMs: number
  /** Upscales one tile, channel-major float32 [3, height, width]; returns [3, s*height, s*width]. */
  run(pixels: Float32Array, height: number, width: number): Promise<Float32Array>
  release(): Promise<void>
}

/** Edge of the probe picture that measures the scale of a model with free height and width. */
const PROBE_EDGE = 16

/**
 * Opens the one ONNX model of an upscaler pack. Its loaded signature decides how it is fed
 * (float32 or float16, free or fixed size); its scale is pack.json's, else its fixed shapes',
 * else what a probe run on a small grey picture returns (a folder opened without pack.json
 * has no declared scale).
 */
export async function openUpscaler(dir: string, provider: ProviderPreference): Promise<UpscalerModel> {
  const started = performance.now()
  const declared = await declaredDefaults(dir)
  const file = await findModelFile(dir)
  inspectModelFile(dir, file)
  const opened = await openSession(join(dir, file), provider)
  const { session } = opened
  try {
    const signature = sessionSignature(session)
    const rule = componentRule('esrgan', file)!
    const problems = signatureProblems(rule, file, signature.inputs, signature.outputs)
    if (problems.length > 0) throw new ContractError('pack-invalid', `${problems[0]}.`, { file, problems })
    const [input] = signature.inputs
    const [output] = signature.outputs
    if (typeof input.shape[1] === 'number' && input.shape[1] !== 3) {
      throw new ContractError('pack-invalid', `${file}: the upscaler takes ${input.shape[1]} channels; it should take RGB (3).`, { file })
    }
    const height = fixedSize(input.shape[2])
    const width = fixedSize(input.shape[3])
    if (height !== width) {
      throw new ContractError('unsupported', `${file}: the upscaler takes [${input.shape.join(', ')}]; Taleweaver runs square tiles or free sizes.`, { file })
    }
    const half = input.type === 'float16'
    const run = async (pixels: Float32Array, tileHeight: number, tileWidth: number) => {
      const data = half ? float32ToFloat16(pixels) : pixels
      const result = await session.run({ [input.name]: new ort.Tensor(half ? 'float16' : 'float32', data, [1, 3, tileHeight, tileWidth]) })
      const tensor = result[output.name]
      const values = tensor.type === 'float16' ? float16ToFloat32(tensor.data as Uint16Array) : (tensor.data as Float32Array)
      return { values, dims: tensor.dims }
    }
    const scale = declared.scale ?? staticScale(input.shape[2], output.shape[2]) ?? (await probeScale(run, height ?? PROBE_EDGE, file))
    return {
      file,
      scale,
      fixedSize: height,
      packTile: declared.tile ?? null,
      provider: opened.provider,
      providerAttempts: opened.attempts,
      providerNotice: providerNotice(opened.attempts, provider),
      loadMs: performance.now() - started,
      async run(pixels, tileHeight, tileWidth) {
        const { values, dims } = await run(pixels, tileHeight, tileWidth)
        if (dims.length !== 4 || dims[0] !== 1 || dims[1] !== 3 || dims[2] !== tileHeight * scale || dims[3] !== tileWidth * scale) {
          throw new ContractError(
            'pack-invalid',
            `${file}: the upscaler returned [${dims.join(', ')}] for [1, 3, ${tileHeight}, ${tileWidth}]; expected [1, 3, ${tileHeight * scale}, ${tileWidth * scale}].`,
            { file },
          )
        }
        return values
      },
      release: () => session.release(),
    }
  } catch (error) {
    await session.release().catch(() => {})
    throw error
  }
}

/** pack.json's upscaler defaults; none for a folder without one. */
async function declaredDefaults(dir: string) {
  const manifest = await readPackJson(join(dir, 'pack.json'), { optional: true })
  const parsed = UpscalerPackDefaults.safeParse(manifest.defaults ?? {})
  if (!parsed.success) throw new ContractError('pack-invalid', `${join(dir, 'pack.json')}: defaults ${parsed.error.issues[0]?.message}.`)
  return parsed.data
}

/** The pack's one ONNX file (hidden files left out, as in every pack listing). */
async function findModelFile(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true }).catch(() => {
    throw new ContractError('not-found', `The upscaler pack folder ${dir} cannot be read.`)
  })
  const models = entries.map((path) => path.split('\\').join('/')).filter((path) => path.endsWith('.onnx') && !path.split('/').some((part) => part.startsWith('.')))
  if (models.length !== 1) throw new ContractError('pack-invalid', `An upscaler pack holds exactly one ONNX model; ${dir} has ${models.length}.`)
  return models[0]
}

function staticScale(inputDim: number | string | undefined, outputDim: number | string | undefined): UpscaleFactor | undefined {
  const input = fixedSize(inputDim)
  const output = fixedSize(outputDim)
  if (input === null || output === null) return undefined
  return asFactor(output / input)
}

async function probeScale(
  run: (pixels: Float32Array, height: number, width: number) => Promise<{ dims: readonly number[] }>,
  edge: number,
  file: string,
): Promise<UpscaleFactor> {
  const { dims } = await run(new Float32Array(3 * edge * edge).fill(0.5), edge, edge)
  const scale = asFactor(dims[2] / edge)
  if (scale === undefined || dims[3] !== dims[2]) {
    throw new ContractError('unsupported', `${file}: a ${edge} x ${edge} picture came back [${dims.join(', ')}]; Taleweaver runs x2 and x4 upscalers.`, { file })
  }
  return scale
}

function asFactor(ratio: number): UpscaleFactor | undefined {
  return (upscaleFactors as readonly number[]).includes(ratio) ? (ratio as UpscaleFactor) : undefined
}
