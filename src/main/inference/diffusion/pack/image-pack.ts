import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ContractError } from '../../../../shared/errors'
import { inspectModelFile } from '../../../formats/onnx/model-safety'
import { componentRule, signatureProblems } from '../../../formats/signatures'
import type { ProviderName, ProviderPreference } from '../../runtime/execution-providers'
import { openSession, providerNotice, type OpenedSession, type ProviderAttempt } from '../../runtime/session'
import { ClipTokenizer } from '../clip-tokenizer'
import { schedulerForConfig, type SchedulerChoice } from '../schedulers/create-scheduler'
import { RawSchedulerConfig } from '../schedulers/scheduler-config'
import { readPackJson } from '../../runtime/pack-files'
import { sessionSignature, type SessionSignature } from './session-metadata'
import { ClipTextEncoder } from './text-encoder'
import { UNet } from './unet'
import { VaeDecoder } from './vae-decoder'
import { warmUpPreviews } from '../image/latent-preview'

/** SD 1.x and 2.x's VAE scaling factor, used when the pack's configs name none. */
export const DEFAULT_VAE_SCALING_FACTOR = 0.18215

/** A Stable-Diffusion-style pack folder, opened: tokenizer, three sessions and the configs. */
export interface ImagePack {
  dir: string
  tokenizer: ClipTokenizer
  textEncoder: ClipTextEncoder
  unet: UNet
  vaeDecoder: VaeDecoder
  /** scheduler/scheduler_config.json: the noise schedule every scheduler choice keeps. */
  schedulerConfig: RawSchedulerConfig
  /** The scheduler the pack itself names (or its stand-in, with a notice). */
  packScheduler: SchedulerChoice
  /** Latents are divided by this before decoding (0.18215 SD 1.x/2.x, 0.13025 SDXL). */
  vaeScalingFactor: number
  /** The execution provider that runs the UNet. */
  provider: ProviderName
  /** Every provider offered the UNet, and why each earlier one did not run it. */
  providerAttempts: ProviderAttempt[]
  /** Set when the UNet does not run where a person would expect (see providerNotice). */
  providerNotice: string | null
  loadMs: number
  release(): Promise<void>
}

export interface OpenOptions {
  provider?: ProviderPreference
}

const MODEL_FILES = { textEncoder: 'text_encoder/model.onnx', unet: 'unet/model.onnx', vaeDecoder: 'vae_decoder/model.onnx' } as const

/**
 * Opens an image pack in the diffusers layout (model_index.json, scheduler/, tokenizer/,
 * text_encoder/, unet/, vae_decoder/). Each model passes the pre-load safety checks, then its
 * loaded signature decides how it is fed (id and timestep dtypes, fixed or free batch, LCM's
 * timestep_cond). Anything that does not fit is `pack-invalid` (or `unsupported`) naming the file.
 */
export async function openImagePack(dir: string, options: OpenOptions = {}): Promise<ImagePack> {
  const started = performance.now()
  await readPackJson(join(dir, 'model_index.json'))
  const schedulerPath = join(dir, 'scheduler', 'scheduler_config.json')
  const parsedScheduler = RawSchedulerConfig.safeParse(await readPackJson(schedulerPath))
  if (!parsedScheduler.success) {
    const issue = parsedScheduler.error.issues[0]
    throw new ContractError('pack-invalid', `${schedulerPath}: ${issue.path.join('.')} ${issue.message}.`, { file: schedulerPath })
  }
  const tokenizer = await ClipTokenizer.load(join(dir, 'tokenizer'))
  const vaeScalingFactor = await readScalingFactor(dir)

  const sessions: OpenedSession[] = []
  const release = () => Promise.all(sessions.map(({ session }) => session.release())).then(() => undefined)
  try {
    const open = async (file: string) => {
      if (!existsSync(join(dir, file))) throw new ContractError('pack-invalid', `The pack has no ${file}.`, { file })
      inspectModelFile(dir, file)
      const opened = await openSession(join(dir, file), options.provider)
      sessions.push(opened)
      return opened
    }
    const textSession = await open(MODEL_FILES.textEncoder)
    const unetSession = await open(MODEL_FILES.unet)
    const vaeSession = await open(MODEL_FILES.vaeDecoder)

    const unetSignature = sessionSignature(unetSession.session)
    // LCM UNets take a guidance embedding; every other SD flavour shares one signature.
    const architecture = unetSignature.inputs.some((input) => input.name === 'timestep_cond') ? 'lcm' : 'sd15'
    const checked = (file: string, signature: SessionSignature) => {
      const rule = componentRule(architecture, file)
      const problems = rule ? signatureProblems(rule, file, signature.inputs, signature.outputs) : []
      if (problems.length > 0) throw new ContractError('pack-invalid', `${problems[0]}.`, { file, problems })
      return signature
    }
    const textSignature = checked(MODEL_FILES.textEncoder, sessionSignature(textSession.session))
    checked(MODEL_FILES.unet, unetSignature)
    const vaeSignature = checked(MODEL_FILES.vaeDecoder, sessionSignature(vaeSession.session))

    warmUpPreviews()
    const textEncoder = new ClipTextEncoder(textSession.session, MODEL_FILES.textEncoder, textSignature.inputs, textSignature.outputs, tokenizer.contextLength)
    const unet = new UNet(unetSession.session, MODEL_FILES.unet, unetSignature.inputs, unetSignature.outputs)
    const vaeDecoder = new VaeDecoder(vaeSession.session, MODEL_FILES.vaeDecoder, vaeSignature.inputs, vaeSignature.outputs)
    if (textEncoder.declaredWidth !== null && unet.crossAttentionWidth !== null && textEncoder.declaredWidth !== unet.crossAttentionWidth) {
      throw new ContractError(
        'pack-invalid',
        `${MODEL_FILES.unet}: the UNet attends to ${unet.crossAttentionWidth}-wide text states but ${MODEL_FILES.textEncoder} makes ${textEncoder.declaredWidth}-wide ones.`,
        { file: MODEL_FILES.unet },
      )
    }
    const packScheduler = unet.timestepCondWidth !== null ? { name: 'lcm' as const } : schedulerForConfig(parsedScheduler.data)
    return {
      dir,
      tokenizer,
      textEncoder,
      unet,
      vaeDecoder,
      schedulerConfig: parsedScheduler.data,
      packScheduler,
      vaeScalingFactor,
      provider: unetSession.provider,
      providerAttempts: unetSession.attempts,
      providerNotice: providerNotice(unetSession.attempts, options.provider),
      loadMs: performance.now() - started,
      release,
    }
  } catch (error) {
    await release().catch(() => {})
    throw error
  }
}

/** The VAE scaling factor from vae_decoder/config.json (optimum) or vae/config.json (diffusers). */
async function readScalingFactor(dir: string): Promise<number> {
  for (const file of ['vae_decoder/config.json', 'vae/config.json']) {
    const config = await readPackJson(join(dir, file), { optional: true })
    if (config.scaling_factor === undefined) continue
    const factor = config.scaling_factor
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) {
      throw new ContractError('pack-invalid', `${join(dir, file)}: scaling_factor should be a positive number.`, { file })
    }
    return factor
  }
  return DEFAULT_VAE_SCALING_FACTOR
}
