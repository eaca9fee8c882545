import { ContractError } from '../../../../shared/errors'
import type { TimestepSpacing } from './scheduler-config'
import { arange, linspace, roundHalfEven } from './numpy-math'

/**
 * The `steps` training timesteps to denoise at, highest first, as DDIM, Euler and Euler
 * ancestral pick them:
 * - leading: `arange(steps) * (N // steps)` reversed, plus steps_offset (SD 1.x, 981 ... 1);
 * - trailing: `round(arange(N, 0, -N / steps)) - 1` (ends at the pure-noise step 999; SD-Turbo);
 * - linspace: `linspace(0, N - 1, steps)` reversed, rounded only when `integers` is set.
 */
export function spacedTimesteps(
  spacing: TimestepSpacing,
  steps: number,
  trainTimesteps: number,
  stepsOffset: number,
  integers: boolean,
): number[] {
  switch (spacing) {
    case 'leading': {
      const ratio = Math.floor(trainTimesteps / steps)
      return arange(0, steps, 1)
        .map((i) => i * ratio + stepsOffset)
        .reverse()
    }
    case 'trailing':
      return arange(trainTimesteps, 0, -trainTimesteps / steps).map((t) => roundHalfEven(t) - 1)
    case 'linspace': {
      const values = linspace(0, trainTimesteps - 1, steps).reverse()
      return integers ? values.map(roundHalfEven) : values.map(Math.fround)
    }
  }
}

/** Checks a requested step count against the training range. */
export function checkStepCount(steps: number, trainTimesteps: number): void {
  if (!Number.isInteger(steps) || steps < 1 || steps > trainTimesteps) {
    throw new ContractError('invalid-input', `Steps must be a whole number from 1 to ${trainTimesteps}, got ${steps}.`)
  }
}
