import type { Scheduler } from './scheduler'
import { checkStepIndex, reuse, scaleInto } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'
import { noiseSchedule, type NoiseSchedule } from './noise-schedule'
import { eulerSigmaSchedule } from './sigma-schedule'
import { denoisedFromOutput } from './predictions'

/**
 * Euler's method on the probability-flow ODE (Karras et al. 2022, algorithm 2 without churn):
 * the sample lives at noise level sigma; x0 is predicted, the derivative (x - x0) / sigma is
 * followed down to the next sigma. With the last sigma 0 the final step returns x0 itself.
 */
export class EulerScheduler implements Scheduler {
  readonly name = 'euler' as const
  timesteps: number[] = []
  initNoiseSigma = 1
  denoised: Float32Array = new Float32Array(0)
  /** Noise levels per step, plus the final 0. */
  sigmas: Float64Array = new Float64Array(0)
  private readonly schedule: NoiseSchedule

  constructor(private readonly config: SchedulerConfig) {
    this.schedule = noiseSchedule(config)
  }

  setTimesteps(steps: number): void {
    const { timesteps, sigmas, initNoiseSigma } = eulerSigmaSchedule(this.config, this.schedule, steps, true)
    this.timesteps = timesteps
    this.sigmas = sigmas
    this.initNoiseSigma = initNoiseSigma
  }

  /** The UNet was trained on variance-preserving inputs: divide by sqrt(sigma^2 + 1). */
  scaleModelInput(sample: Float32Array, index: number, out: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const sigma = this.sigmas[index]
    scaleInto(sample, 1 / Math.sqrt(sigma * sigma + 1), out)
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    const sigma = this.sigmas[index]
    const dt = this.sigmas[index + 1] - sigma
    const denoised = (this.denoised = reuse(this.denoised, sample.length))
    denoisedFromOutput(this.config.predictionType, sigma, modelOutput, sample, denoised)
    for (let i = 0; i < sample.length; i++) {
      const derivative = (sample[i] - denoised[i]) / sigma
      sample[i] += derivative * dt
    }
  }
}
