import type { SchedulerName } from '../../../shared/contract/image'
import { throwIfCancelled } from '../../../shared/errors'
import { combineGuidance, guidanceEmbedding } from './guidance'
import type { ImagePack } from './pack/image-pack'
import { SeededRandom } from './random'
import { createScheduler } from './schedulers/create-scheduler'

/** Everything that decides the picture; the same settings on the same pack give the same bytes. */
export interface RenderSettings {
  prompt: string
  negativePrompt: string
  steps: number
  guidance: number
  scheduler: SchedulerName
  seed: number
  width: number
  height: number
}

/** What the loop reports after each step; `denoised` is only valid during the call. */
export interface StepReport {
  /** 1-based. */
  step: number
  total: number
  timestep: number
  /** The scheduler's current estimate of the clean latent [4, h, w]. */
  denoised: Float32Array
  latentHeight: number
  latentWidth: number
}

export interface RenderHooks {
  signal?: AbortSignal
  onStep?(report: StepReport): void
}

export interface RenderOutput {
  /** The decoded picture [3, height, width] in [-1, 1]. */
  picture: Float32Array
  promptTokens: number
  promptTruncated: boolean
  timings: {
    encodeMs: number
    denoiseMs: number
    /** Time inside UNet runs during denoising; the rest of denoiseMs is the loop's own work. */
    unetMs: number
    decodeMs: number
  }
}

/**
 * Text-to-image with a Stable-Diffusion-style pack, in the order diffusers' pipeline runs it:
 * encode the prompts, draw seeded noise, denoise step by step (with classifier-free guidance or
 * LCM's guidance embedding), then decode the latent with the VAE. Cancelling takes effect
 * before the next UNet run and skips the decode.
 */
export async function renderImage(pack: ImagePack, settings: RenderSettings, hooks: RenderHooks = {}): Promise<RenderOutput> {
  const { unet, textEncoder, tokenizer } = pack
  const { signal, onStep } = hooks
  const latentHeight = settings.height / 8
  const latentWidth = settings.width / 8
  const latentSize = 4 * latentHeight * latentWidth

  // 1. Text conditioning. LCM UNets take the guidance as an embedding; other UNets run
  //    classifier-free guidance (an unconditional pass beside the conditional one) when g > 1.
  const encodeStarted = performance.now()
  const usesGuidanceEmbedding = unet.timestepCondWidth !== null
  const classifierFree = !usesGuidanceEmbedding && settings.guidance > 1
  const prompt = tokenizer.encode(settings.prompt)
  const prompts = classifierFree ? [tokenizer.encode(settings.negativePrompt).ids, prompt.ids] : [prompt.ids]
  const { hidden, width: hiddenWidth } = await textEncoder.encode(prompts)
  const encodeMs = performance.now() - encodeStarted
  throwIfCancelled(signal)

  // 2. The scheduler over the pack's noise schedule, and the starting noise. One generator
  //    draws the initial latent and any noise the scheduler adds later, so a seed fixes both.
  const random = SeededRandom.fromSeed(settings.seed)
  const scheduler = createScheduler(settings.scheduler, pack.schedulerConfig, random)
  scheduler.setTimesteps(settings.steps)
  const latents = random.fillGaussian(new Float32Array(latentSize))
  for (let i = 0; i < latentSize; i++) latents[i] *= scheduler.initNoiseSigma

  // 3. The UNet's batch: [uncond, cond] in one run, or one run each when its batch is fixed at 1.
  const batchedGuidance = classifierFree && unet.fixedBatch !== 1
  const batch = batchedGuidance ? 2 : 1
  const modelInput = new Float32Array(latentSize * batch)
  const scaledInput = modelInput.subarray(0, latentSize)
  const hiddenPerPrompt = tokenizer.contextLength * hiddenWidth
  // LCM never runs an unconditional pass, so its embedding is one row.
  const timestepCond = usesGuidanceEmbedding ? guidanceEmbedding(settings.guidance - 1, unet.timestepCondWidth!) : undefined
  const predict = (sample: Float32Array, conditioning: Float32Array, timestep: number) => {
    const rows = sample.length / latentSize
    const hiddenDims = [rows, tokenizer.contextLength, hiddenWidth] as const
    return unet.predict({ sample, batch: rows, height: latentHeight, width: latentWidth, timestep, hidden: conditioning, hiddenDims, timestepCond })
  }

  // 4. Denoise.
  const denoiseStarted = performance.now()
  let unetMs = 0
  const total = scheduler.timesteps.length
  for (let index = 0; index < total; index++) {
    throwIfCancelled(signal)
    const timestep = scheduler.timesteps[index]
    scheduler.scaleModelInput(latents, index, scaledInput)

    let noisePrediction: Float32Array
    const unetStarted = performance.now()
    if (batchedGuidance) {
      modelInput.copyWithin(latentSize, 0, latentSize)
      const output = await predict(modelInput, hidden, timestep)
      unetMs += performance.now() - unetStarted
      noisePrediction = output.subarray(0, latentSize)
      combineGuidance(noisePrediction, output.subarray(latentSize), settings.guidance, noisePrediction)
    } else if (classifierFree) {
      const uncond = await predict(scaledInput, hidden.subarray(0, hiddenPerPrompt), timestep)
      const cond = await predict(scaledInput, hidden.subarray(hiddenPerPrompt), timestep)
      unetMs += performance.now() - unetStarted
      combineGuidance(uncond, cond, settings.guidance, uncond)
      noisePrediction = uncond
    } else {
      noisePrediction = await predict(scaledInput, hidden, timestep)
      unetMs += performance.now() - unetStarted
    }

    scheduler.step(noisePrediction, index, latents)
    onStep?.({ step: index + 1, total, timestep, denoised: scheduler.denoised, latentHeight, latentWidth })
  }
  const denoiseMs = performance.now() - denoiseStarted
  throwIfCancelled(signal)

  // 5. Decode: undo the VAE's latent scaling, then one decoder run.
  const decodeStarted = performance.now()
  const unscaled = latents.map((value) => value / pack.vaeScalingFactor)
  const picture = await pack.vaeDecoder.decode(unscaled, latentHeight, latentWidth)
  const decodeMs = performance.now() - decodeStarted

  return {
    picture,
    promptTokens: prompt.count,
    promptTruncated: prompt.truncated,
    timings: { encodeMs, denoiseMs, unetMs, decodeMs },
  }
}
