import type { RawSchedulerConfig } from '../../../../../src/main/inference/diffusion/schedulers/scheduler-config'

/** Stable Diffusion 1.5's scheduler_config.json (as in ../shared/data/sd15), for tests that need no file. */
export const sd15SchedulerConfig: RawSchedulerConfig = {
  _class_name: 'PNDMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
}

/** The same schedule with another spacing (SD-Turbo ships trailing). */
export function withSpacing(spacing: 'leading' | 'trailing' | 'linspace', extra: RawSchedulerConfig = {}): RawSchedulerConfig {
  return { ...sd15SchedulerConfig, timestep_spacing: spacing, ...extra }
}
