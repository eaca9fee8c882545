import type { SchedulerConfig } from './scheduler-config'
import { interpolate, linspace } from './numpy-math'

/**
 * The training noise schedule every scheduler shares: betas per training timestep, their
 * cumulative product alpha_bar (how much signal survives at step t), and the matching
 * "sigma" noise levels sqrt((1 - alpha_bar) / alpha_bar) of the variance-exploding view.
 */
export interface NoiseSchedule {
  /** alpha_bar[t] for t = 0 .. numTrainTimesteps - 1. */
  alphasCumprod: Float64Array
  /** sigma[t] = sqrt((1 - alpha_bar[t]) / alpha_bar[t]), increasing with t. */
  sigmas: Float64Array
  /** log(sigma[t]), for mapping a noise level back to a (fractional) timestep. */
  logSigmas: Float64Array
}

/** Builds alpha_bar and sigma tables from the betas a scheduler config names. */
export function noiseSchedule(config: SchedulerConfig): NoiseSchedule {
  const betas = trainingBetas(config)
  const alphasCumprod = new Float64Array(betas.length)
  let product = 1
  for (let t = 0; t < betas.length; t++) {
    product *= 1 - betas[t]
    alphasCumprod[t] = product
  }
  const sigmas = alphasCumprod.map((alphaBar) => Math.sqrt((1 - alphaBar) / alphaBar))
  return { alphasCumprod, sigmas, logSigmas: sigmas.map(Math.log) }
}

function trainingBetas(config: SchedulerConfig): number[] {
  const count = config.numTrainTimesteps
  if (config.trainedBetas) return [...config.trainedBetas]
  switch (config.betaSchedule) {
    case 'linear':
      return linspace(config.betaStart, config.betaEnd, count)
    case 'scaled_linear':
      // Stable Diffusion's schedule: linear in sqrt(beta).
      return linspace(Math.sqrt(config.betaStart), Math.sqrt(config.betaEnd), count).map((b) => b * b)
    case 'squaredcos_cap_v2':
      return cosineBetas(count)
  }
}

/** The "squaredcos_cap_v2" schedule (Nichol and Dhariwal): betas from a cosine alpha_bar, capped at 0.999. */
function cosineBetas(count: number): number[] {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2
  return Array.from({ length: count }, (_, i) => Math.min(1 - alphaBar((i + 1) / count) / alphaBar(i / count), 0.999))
}

/** sigma at a (possibly fractional) timestep, interpolated linearly as diffusers does. */
export function sigmaAt(schedule: NoiseSchedule, timestep: number): number {
  return interpolate(schedule.sigmas, timestep)
}

/**
 * The noise levels of Karras et al. (2022): `count` sigmas from `sigmaMax` down to `sigmaMin`,
 * evenly spaced in sigma^(1/rho) with rho = 7, which spends more steps at low noise.
 */
export function karrasSigmas(sigmaMax: number, sigmaMin: number, count: number): number[] {
  const rho = 7
  const maxInvRho = sigmaMax ** (1 / rho)
  const minInvRho = sigmaMin ** (1 / rho)
  return linspace(0, 1, count).map((ramp) => (maxInvRho + ramp * (minInvRho - maxInvRho)) ** rho)
}

/** The fractional training timestep whose sigma is `sigma`, by interpolating in log sigma. */
export function timestepForSigma(schedule: NoiseSchedule, sigma: number): number {
  const { logSigmas } = schedule
  const logSigma = Math.log(Math.max(sigma, 1e-10))
  // The last table entry not above log sigma, kept one short of the end so high = low + 1 exists.
  let low = 0
  for (let t = 0; t < logSigmas.length; t++) if (logSigma - logSigmas[t] >= 0) low = t
  low = Math.min(low, logSigmas.length - 2)
  const weight = Math.min(1, Math.max(0, (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[low + 1])))
  return (1 - weight) * low + weight * (low + 1)
}
