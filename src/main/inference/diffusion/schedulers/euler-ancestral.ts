import type { NoiseSource } from '../random'
import type { Scheduler } from './scheduler'
import { checkStepIndex, reuse, scaleInto } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'
import { noiseSchedule, type NoiseSchedule } from './noise-schedule'
import { denoisedFromOutput } from './predictions'
import { eulerSigmaSchedule } from './sigma-schedule'

/**
 * Euler ancestral: each step goes down past the next noise level to sigma_down with Euler's
 * method, then adds fresh noise of size sigma_up so the sample sits at exactly the next level
 * (sigma_down^2 + sigma_up^2 = sigma_next^2). The fresh noise comes from the seeded source.
 */
export class EulerAncestralScheduler implements Scheduler {
  readonly name = 'euler-a' as const
  timesteps: number[] = []
  initNoiseSigma = 1
  denoised: Float32Array = new Float32Array(0)
  sigmas: Float64Array = new Float64Array(0)
  private readonly schedule: NoiseSchedule
  private noise: Float32Array = new Float32Array(0)

  constructor(
    private readonly config: SchedulerConfig,
    private readonly noiseSource: NoiseSource,
  ) {
    this.schedule = noiseSchedule(config)
  }

  setTimesteps(steps: number): void {
    // diffusers' ancestral Euler has no Karras option.
    const { timesteps, sigmas, initNoiseSigma } = eulerSigmaSchedule(this.config, this.schedule, steps, false)
    this.timesteps = timesteps
    this.sigmas = sigmas
    this.initNoiseSigma = initNoiseSigma
  }

  scaleModelInput(sample: Float32Array, index: number, out: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const sigma = this.sigmas[index]
    scaleInto(sample, 1 / Math.sqrt(sigma * sigma + 1), out)
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const sigmaFrom = this.sigmas[index]
    const sigmaTo = this.sigmas[index + 1]
    const sigmaUp = Math.sqrt((sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom))
    const sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp)
    const dt = sigmaDown - sigmaFrom
    const denoised = (this.denoised = reuse(this.denoised, sample.length))
    denoisedFromOutput(this.config.predictionType, sigmaFrom, modelOutput, sample, denoised)
    const noise = (this.noise = reuse(this.noise, sample.length))
    this.noiseSource.fillGaussian(noise)
    for (let i = 0; i < sample.length; i++) {
      const derivative = (sample[i] - denoised[i]) / sigmaFrom
      sample[i] = sample[i] + derivative * dt + noise[i] * sigmaUp
    }
  }
}
