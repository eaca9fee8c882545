import { ContractError } from '../../../../shared/errors'
import type { NoiseSource } from '../random'
import type { Scheduler } from './scheduler'
import { checkStepIndex, reuse, scaleInto } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'
import { linspace } from './numpy-math'
import { noiseSchedule, type NoiseSchedule } from './noise-schedule'
import { cleanSampleFromOutput } from './predictions'

/**
 * Latent Consistency Model sampling (Luo et al. 2023): the distilled UNet maps any noisy
 * sample straight to a clean one. Each step forms that estimate through the consistency
 * boundary condition (c_skip * x + c_out * x0), then, except at the last step, re-noises it
 * with fresh seeded noise to the next timestep. The last step's estimate is the picture.
 */
export class LCMScheduler implements Scheduler {
  readonly name = 'lcm' as const
  readonly initNoiseSigma = 1
  timesteps: number[] = []
  denoised: Float32Array = new Float32Array(0)
  private readonly schedule: NoiseSchedule
  private readonly finalAlphaCumprod: number
  private noise: Float32Array = new Float32Array(0)

  constructor(
    private readonly config: SchedulerConfig,
    private readonly noiseSource: NoiseSource,
  ) {
    this.schedule = noiseSchedule(config)
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.schedule.alphasCumprod[0]
  }

  /**
   * The distillation used `originalInferenceSteps` evenly spaced timesteps (k - 1, 2k - 1, ...,
   * with k = N / original); inference takes `steps` of them, evenly by index from the top.
   */
  setTimesteps(steps: number): void {
    const { numTrainTimesteps, originalInferenceSteps } = this.config
    if (!Number.isInteger(steps) || steps < 1 || steps > originalInferenceSteps) {
      throw new ContractError(
        'invalid-input',
        `An LCM pack takes from 1 to ${originalInferenceSteps} steps (its distillation schedule), got ${steps}.`,
      )
    }
    const k = Math.floor(numTrainTimesteps / originalInferenceSteps)
    const origin = Array.from({ length: originalInferenceSteps }, (_, i) => (i + 1) * k - 1).reverse()
    this.timesteps = linspace(0, origin.length, steps, false).map((position) => origin[Math.floor(position)])
  }

  scaleModelInput(sample: Float32Array, _index: number, out: Float32Array): void {
    scaleInto(sample, 1, out)
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const { alphasCumprod } = this.schedule
    const { predictionType, timestepScaling, clipSample, clipSampleRange } = this.config
    const timestep = this.timesteps[index]
    const isLast = index === this.timesteps.length - 1
    const previous = isLast ? timestep : this.timesteps[index + 1]
    const alphaBar = alphasCumprod[timestep]
    const alphaBarPrevious = previous >= 0 ? alphasCumprod[previous] : this.finalAlphaCumprod
    const sqrtAlpha = Math.sqrt(alphaBar)
    const sqrtBeta = Math.sqrt(1 - alphaBar)

    // Consistency boundary condition with sigma_data = 0.5: at t = 0 the model is the identity.
    const scaledTimestep = timestep * timestepScaling
    const sigmaData2 = 0.25
    const cSkip = sigmaData2 / (scaledTimestep * scaledTimestep + sigmaData2)
    const cOut = scaledTimestep / Math.sqrt(scaledTimestep * scaledTimestep + sigmaData2)

    const denoised = (this.denoised = reuse(this.denoised, sample.length))
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]
      let x0 = cleanSampleFromOutput(predictionType, x, modelOutput[i], sqrtAlpha, sqrtBeta)
      if (clipSample) x0 = Math.min(clipSampleRange, Math.max(-clipSampleRange, x0))
      denoised[i] = cOut * x0 + cSkip * x
    }

    if (isLast) {
      sample.set(denoised)
      return
    }
    const noise = (this.noise = reuse(this.noise, sample.length))
    this.noiseSource.fillGaussian(noise)
    const signalScale = Math.sqrt(alphaBarPrevious)
    const noiseScale = Math.sqrt(1 - alphaBarPrevious)
    for (let i = 0; i < sample.length; i++) sample[i] = signalScale * denoised[i] + noiseScale * noise[i]
  }
}
