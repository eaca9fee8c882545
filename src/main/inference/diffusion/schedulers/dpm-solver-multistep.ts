import { ContractError } from '../../../../shared/errors'
import type { Scheduler } from './scheduler'
import { checkStepIndex, reuse, scaleInto } from './scheduler'
import type { SchedulerConfig } from './scheduler-config'
import { interpolate, linspace, arange, roundHalfEven } from './numpy-math'
import { karrasSigmas, noiseSchedule, timestepForSigma, type NoiseSchedule } from './noise-schedule'

/**
 * DPM-Solver++(2M) (Lu et al. 2022), diffusers' DPMSolverMultistepScheduler with its defaults:
 * data prediction, second order, midpoint update, final sigma 0. The sample stays in the
 * variance-preserving form x = alpha * x0 + sigma_vp * eps, so no input scaling is needed.
 * Each step solves the ODE in lambda = log(alpha / sigma_vp) using the current and previous x0
 * predictions; the first step, and the last (down to sigma 0), are first order.
 */
export class DPMSolverMultistepScheduler implements Scheduler {
  readonly initNoiseSigma = 1
  timesteps: number[] = []
  denoised: Float32Array = new Float32Array(0)
  /** Noise levels (variance-exploding sigma) per step plus the final 0. */
  sigmas: Float64Array = new Float64Array(0)
  private readonly schedule: NoiseSchedule
  /** The previous step's x0 prediction (the "2M" history); `denoised` is the current one. */
  private previousDenoised: Float32Array = new Float32Array(0)
  private lowerOrderSteps = 0

  constructor(
    private readonly config: SchedulerConfig,
    readonly name: 'dpmpp-2m' | 'dpmpp-2m-karras',
  ) {
    this.schedule = noiseSchedule(config)
  }

  setTimesteps(steps: number): void {
    const { timestepSpacing, numTrainTimesteps, stepsOffset, useKarrasSigmas } = this.config
    if (!Number.isInteger(steps) || steps < 1 || steps > numTrainTimesteps) {
      throw new ContractError('invalid-input', `Steps must be a whole number from 1 to ${numTrainTimesteps}, got ${steps}.`)
    }
    const table = this.schedule.sigmas
    let timesteps: number[]
    let sigmas: number[]
    if (useKarrasSigmas) {
      sigmas = karrasSigmas(table[table.length - 1], table[0], steps)
      timesteps = sigmas.map((sigma) => roundHalfEven(timestepForSigma(this.schedule, sigma)))
    } else {
      timesteps = multistepTimesteps(timestepSpacing, steps, numTrainTimesteps, stepsOffset)
      sigmas = timesteps.map((t) => interpolate(table, t))
    }
    this.timesteps = timesteps
    this.sigmas = Float64Array.from([...sigmas, 0].map(Math.fround))
    this.lowerOrderSteps = 0
  }

  scaleModelInput(sample: Float32Array, _index: number, out: Float32Array): void {
    scaleInto(sample, 1, out)
  }

  step(modelOutput: Float32Array, index: number, sample: Float32Array): void {
    checkStepIndex(index, this.timesteps.length)
    // Swap history buffers instead of allocating: `denoised` becomes this step's x0.
    const previous = reuse(this.denoised, sample.length)
    this.denoised = reuse(this.previousDenoised, sample.length)
    this.previousDenoised = previous
    const denoised = this.denoised

    const [alphaS0, sigmaS0] = alphaSigma(this.sigmas[index])
    const { predictionType } = this.config
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]
      const output = modelOutput[i]
      denoised[i] =
        predictionType === 'epsilon'
          ? (x - sigmaS0 * output) / alphaS0
          : predictionType === 'v_prediction'
            ? alphaS0 * x - sigmaS0 * output
            : output
    }

    const [alphaT, sigmaT] = alphaSigma(this.sigmas[index + 1])
    // lambda = log(alpha) - log(sigma); at sigma 0 it is +Infinity and exp(-h) is 0, so the
    // update below returns x0 exactly.
    const lambdaT = Math.log(alphaT) - Math.log(sigmaT)
    const lambdaS0 = Math.log(alphaS0) - Math.log(sigmaS0)
    const h = lambdaT - lambdaS0
    const sampleScale = sigmaT / sigmaS0
    const x0Scale = -alphaT * (Math.exp(-h) - 1)
    // The final step goes down to sigma 0 and is always first order (diffusers' final_sigmas_type "zero").
    const isLast = index === this.timesteps.length - 1
    if (this.lowerOrderSteps < 1 || isLast) {
      for (let i = 0; i < sample.length; i++) sample[i] = sampleScale * sample[i] + x0Scale * denoised[i]
    } else {
      const [alphaS1, sigmaS1] = alphaSigma(this.sigmas[index - 1])
      const lambdaS1 = Math.log(alphaS1) - Math.log(sigmaS1)
      const r0 = (lambdaS0 - lambdaS1) / h
      // Midpoint rule: x0 slope D1 = (m0 - m1) / r0, weighted by half the first-order factor.
      const slopeScale = (0.5 * x0Scale) / r0
      for (let i = 0; i < sample.length; i++) {
        const m0 = denoised[i]
        sample[i] = sampleScale * sample[i] + x0Scale * m0 + slopeScale * (m0 - previous[i])
      }
    }
    if (this.lowerOrderSteps < 2) this.lowerOrderSteps += 1
  }
}

/** (alpha, sigma) of the variance-preserving form for a variance-exploding sigma. */
function alphaSigma(sigma: number): [number, number] {
  const alpha = 1 / Math.sqrt(sigma * sigma + 1)
  return [alpha, sigma * alpha]
}

/**
 * DPM-Solver's own spacing: it picks `steps + 1` points and drops the last, so linspace and
 * leading differ from DDIM's (linspace n = 4 gives 999, 749, 500, 250).
 */
export function multistepTimesteps(spacing: SchedulerConfig['timestepSpacing'], steps: number, trainTimesteps: number, stepsOffset: number): number[] {
  switch (spacing) {
    case 'linspace':
      return linspace(0, trainTimesteps - 1, steps + 1)
        .map(roundHalfEven)
        .reverse()
        .slice(0, steps)
    case 'leading': {
      const ratio = Math.floor(trainTimesteps / (steps + 1))
      return arange(0, steps + 1, 1)
        .map((i) => i * ratio)
        .reverse()
        .slice(0, steps)
        .map((t) => t + stepsOffset)
    }
    case 'trailing':
      return arange(trainTimesteps, 0, -trainTimesteps / steps).map((t) => roundHalfEven(t) - 1)
  }
}
