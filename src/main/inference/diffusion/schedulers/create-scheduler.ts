import type { SchedulerName } from '../../../../shared/contract/image'
import { schedulerNameForClass } from '../../../formats/scheduler-classes'
import { ContractError } from '../../../../shared/errors'
import type { NoiseSource } from '../random'
import { DDIMScheduler } from './ddim'
import { DPMSolverMultistepScheduler } from './dpm-solver-multistep'
import { EulerScheduler } from './euler'
import { EulerAncestralScheduler } from './euler-ancestral'
import { LCMScheduler } from './lcm'
import type { Scheduler } from './scheduler'
import { resolveSchedulerConfig, type RawSchedulerConfig, type SchedulerConfig } from './scheduler-config'


/**
 * Unsupported classes map to the closest supported method: PNDM/PLMS and LMS are linear
 * multistep solvers like DPM++ 2M; anything else gets Euler, which suits every epsilon or v model.
 */
const substitutes: Record<string, SchedulerName> = {
  PNDMScheduler: 'dpmpp-2m',
  LMSDiscreteScheduler: 'dpmpp-2m',
}

export interface SchedulerChoice {
  name: SchedulerName
  /** Set when the pack's own scheduler class is not implemented and another one stands in. */
  notice?: string
}

/** The scheduler a pack's `scheduler_config.json` asks for, or the closest one this engine has. */
export function schedulerForConfig(raw: RawSchedulerConfig): SchedulerChoice {
  const className = raw._class_name ?? 'EulerDiscreteScheduler'
  const known = schedulerNameForClass(className, raw)
  if (known) return { name: known }
  const name = substitutes[className] ?? 'euler'
  return { name, notice: `The pack's scheduler ${className} is not available; using ${name} with the pack's noise schedule.` }
}

/** Class defaults that differ from diffusers' shared ones, per scheduler. */
const classDefaults: Record<SchedulerName, Partial<SchedulerConfig>> = {
  ddim: { timestepSpacing: 'leading', clipSample: true },
  euler: {},
  'euler-a': {},
  'dpmpp-2m': {},
  'dpmpp-2m-karras': {},
  lcm: { betaStart: 0.00085, betaEnd: 0.012, betaSchedule: 'scaled_linear', timestepSpacing: 'leading' },
}

/**
 * Builds the named scheduler over the pack's noise schedule (betas, prediction type, spacing),
 * the way diffusers' `from_config` swaps schedulers. `noise` feeds the stochastic ones.
 */
export function createScheduler(name: SchedulerName, raw: RawSchedulerConfig, noise: NoiseSource): Scheduler {
  if (raw.rescale_betas_zero_snr) {
    throw new ContractError('unsupported', 'Schedules rescaled to zero terminal SNR (rescale_betas_zero_snr) are not supported.')
  }
  const config = resolveSchedulerConfig(raw, classDefaults[name])
  switch (name) {
    case 'ddim':
      return new DDIMScheduler(config)
    case 'euler':
      return new EulerScheduler(config)
    case 'euler-a':
      return new EulerAncestralScheduler(config, noise)
    case 'dpmpp-2m':
      return new DPMSolverMultistepScheduler({ ...config, useKarrasSigmas: false }, name)
    case 'dpmpp-2m-karras':
      return new DPMSolverMultistepScheduler({ ...config, useKarrasSigmas: true }, name)
    case 'lcm':
      return new LCMScheduler(config, noise)
  }
}
