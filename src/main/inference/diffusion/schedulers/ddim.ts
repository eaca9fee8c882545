import type { Scheduler } from './scheduler'
import { checkStepIndex, reuse, scaleInto } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'
import { noiseSchedule, type NoiseSchedule } from './noise-schedule'
import { cleanSampleFromOutput } from './predictions'
import { checkStepCount, spacedTimesteps } from './timestep-spacing'

/**
 * DDIM (Song et al. 2020) with eta = 0: deterministic. Each step predicts the clean sample x0
 * and the noise, then re-noises x0 to the previous timestep's level along the same noise
 * direction: x_prev = sqrt(a_prev) * x0 + sqrt(1 - a_prev) * eps.
 */
export class DDIMScheduler implements Scheduler {
  readonly name = 'ddim' as const
  readonly initNoiseSigma = 1
  timesteps: number[] = []
  denoised: Float32Array = new Float32Array(0)
  private readonly schedule: NoiseSchedule
  /** alpha_bar "before" timestep 0, used by the last step. */
  private readonly finalAlphaCumprod: number

  constructor(private readonly config: SchedulerConfig) {
    this.schedule = noiseSchedule(config)
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.schedule.alphasCumprod[0]
  }

  setTimesteps(steps: number): void {
    const { timestepSpacing, numTrainTimesteps, stepsOffset } = this.config
    checkStepCount(steps, numTrainTimesteps)
    this.timesteps = spacedTimesteps(timestepSpacing, steps, numTrainTimesteps, stepsOffset, true)
  }

  scaleModelInput(sample: Float32Array, _index: number, out: Float32Array): void {
    scaleInto(sample, 1, out)
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const { alphasCumprod } = this.schedule
    const { numTrainTimesteps, predictionType, clipSample, clipSampleRange } = this.config
    const timestep = this.timesteps[index]
    // diffusers steps back by N // steps whatever the spacing; below 0 the final alpha applies.
    const previous = timestep - Math.floor(numTrainTimesteps / this.timesteps.length)
    const alphaBar = alphasCumprod[timestep]
    const alphaBarPrevious = previous >= 0 ? alphasCumprod[previous] : this.finalAlphaCumprod
    const sqrtAlpha = Math.sqrt(alphaBar)
    const sqrtOneMinusAlpha = Math.sqrt(1 - alphaBar)
    const sqrtAlphaPrevious = Math.sqrt(alphaBarPrevious)
    const directionScale = Math.sqrt(1 - alphaBarPrevious)
    const denoised = (this.denoised = reuse(this.denoised, sample.length))

    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]
      const output = modelOutput[i]
      let x0 = cleanSampleFromOutput(predictionType, x, output, sqrtAlpha, sqrtOneMinusAlpha)
      // The noise the output implies, in the same form.
      const eps =
        predictionType === 'epsilon'
          ? output
          : predictionType === 'v_prediction'
            ? sqrtAlpha * output + sqrtOneMinusAlpha * x
            : (x - sqrtAlpha * x0) / sqrtOneMinusAlpha
      // Clipping bounds x0 only; the noise direction keeps the model's own prediction.
      if (clipSample) x0 = Math.min(clipSampleRange, Math.max(-clipSampleRange, x0))
      denoised[i] = x0
      sample[i] = sqrtAlphaPrevious * x0 + directionScale * eps
    }
  }
}
