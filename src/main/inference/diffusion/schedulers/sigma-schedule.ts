import type { SchedulerConfig } from './scheduler-config'
import { karrasSigmas, sigmaAt, timestepForSigma, type NoiseSchedule } from './noise-schedule'
import { checkStepCount, spacedTimesteps } from './timestep-spacing'

/** Timesteps and noise levels of the Euler-family (k-diffusion style) schedulers. */
export interface SigmaSchedule {
  timesteps: number[]
  /** One sigma per step plus a final 0. */
  sigmas: Float64Array
  /** The initial noise scale: sigma_max, or sqrt(sigma_max^2 + 1) for leading spacing. */
  initNoiseSigma: number
}

/**
 * Euler and Euler ancestral: sigmas interpolated at the spaced timesteps (optionally respaced
 * the Karras way between the same end points), then a final 0 so the last step lands on x0.
 */
export function eulerSigmaSchedule(config: SchedulerConfig, schedule: NoiseSchedule, steps: number, allowKarras: boolean): SigmaSchedule {
  const { timestepSpacing, numTrainTimesteps, stepsOffset } = config
  checkStepCount(steps, numTrainTimesteps)
  let timesteps = spacedTimesteps(timestepSpacing, steps, numTrainTimesteps, stepsOffset, false)
  let sigmas = timesteps.map((t) => sigmaAt(schedule, t))
  if (allowKarras && config.useKarrasSigmas) {
    sigmas = karrasSigmas(sigmas[0], sigmas[sigmas.length - 1], steps)
    timesteps = sigmas.map((sigma) => Math.fround(timestepForSigma(schedule, sigma)))
  }
  const withFinal = Float64Array.from([...sigmas.map(Math.fround), 0])
  const sigmaMax = Math.max(...withFinal)
  // diffusers scales the first noise by sqrt(sigma^2 + 1) only for leading spacing.
  const initNoiseSigma = timestepSpacing === 'leading' ? Math.sqrt(sigmaMax * sigmaMax + 1) : sigmaMax
  return { timesteps, sigmas: withFinal, initNoiseSigma }
}
