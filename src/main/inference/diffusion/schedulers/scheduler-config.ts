import { z } from 'zod'

export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2'
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample'
/** How inference timesteps are picked from the training range (Lin et al. 2023, table 2). */
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace'

/** A scheduler's settings, every field resolved (diffusers' `scheduler_config.json`, camel-cased). */
export interface SchedulerConfig {
  numTrainTimesteps: number
  betaStart: number
  betaEnd: number
  betaSchedule: BetaSchedule
  trainedBetas: readonly number[] | null
  predictionType: PredictionType
  timestepSpacing: TimestepSpacing
  stepsOffset: number
  /** DDIM and LCM: alpha_bar "before" timestep 0 is 1 (true) or alpha_bar[0] (false). */
  setAlphaToOne: boolean
  clipSample: boolean
  clipSampleRange: number
  useKarrasSigmas: boolean
  /** LCM: the step count the consistency model was distilled with. */
  originalInferenceSteps: number
  /** LCM: scales timesteps in the consistency boundary condition. */
  timestepScaling: number
}

/**
 * `scheduler_config.json` as exported. Unknown keys are allowed (configs carry many that do not
 * matter here); `null` means "class default", as in diffusers.
 */
export const RawSchedulerConfig = z.looseObject({
  _class_name: z.string().max(200).nullish(),
  num_train_timesteps: z.int().min(2).max(100_000).nullish(),
  beta_start: z.number().positive().max(1).nullish(),
  beta_end: z.number().positive().max(1).nullish(),
  beta_schedule: z.enum(['linear', 'scaled_linear', 'squaredcos_cap_v2']).nullish(),
  trained_betas: z.array(z.number().min(0).max(1)).max(100_000).nullish(),
  prediction_type: z.enum(['epsilon', 'v_prediction', 'sample']).nullish(),
  timestep_spacing: z.enum(['leading', 'trailing', 'linspace']).nullish(),
  steps_offset: z.int().min(0).max(1000).nullish(),
  set_alpha_to_one: z.boolean().nullish(),
  clip_sample: z.boolean().nullish(),
  clip_sample_range: z.number().positive().nullish(),
  use_karras_sigmas: z.boolean().nullish(),
  original_inference_steps: z.int().min(1).max(10_000).nullish(),
  timestep_scaling: z.number().positive().nullish(),
  rescale_betas_zero_snr: z.boolean().nullish(),
})
export type RawSchedulerConfig = z.infer<typeof RawSchedulerConfig>

/** diffusers' defaults shared by its scheduler classes. */
export const baseSchedulerDefaults: SchedulerConfig = {
  numTrainTimesteps: 1000,
  betaStart: 0.0001,
  betaEnd: 0.02,
  betaSchedule: 'linear',
  trainedBetas: null,
  predictionType: 'epsilon',
  timestepSpacing: 'linspace',
  stepsOffset: 0,
  setAlphaToOne: true,
  clipSample: false,
  clipSampleRange: 1,
  useKarrasSigmas: false,
  originalInferenceSteps: 50,
  timestepScaling: 10,
}

/**
 * Resolves a config for one scheduler class: keys present in the file win, missing ones take
 * that class's defaults. This is what `SomeScheduler.from_config(other.config)` does, so a DDIM
 * config read by Euler keeps its betas but gets Euler's own default spacing.
 */
export function resolveSchedulerConfig(raw: RawSchedulerConfig, classDefaults: Partial<SchedulerConfig> = {}): SchedulerConfig {
  const defaults = { ...baseSchedulerDefaults, ...classDefaults }
  return {
    numTrainTimesteps: raw.num_train_timesteps ?? defaults.numTrainTimesteps,
    betaStart: raw.beta_start ?? defaults.betaStart,
    betaEnd: raw.beta_end ?? defaults.betaEnd,
    betaSchedule: raw.beta_schedule ?? defaults.betaSchedule,
    trainedBetas: raw.trained_betas?.length ? raw.trained_betas : defaults.trainedBetas,
    predictionType: raw.prediction_type ?? defaults.predictionType,
    timestepSpacing: raw.timestep_spacing ?? defaults.timestepSpacing,
    stepsOffset: raw.steps_offset ?? defaults.stepsOffset,
    setAlphaToOne: raw.set_alpha_to_one ?? defaults.setAlphaToOne,
    clipSample: raw.clip_sample ?? defaults.clipSample,
    clipSampleRange: raw.clip_sample_range ?? defaults.clipSampleRange,
    useKarrasSigmas: raw.use_karras_sigmas ?? defaults.useKarrasSigmas,
    originalInferenceSteps: raw.original_inference_steps ?? defaults.originalInferenceSteps,
    timestepScaling: raw.timestep_scaling ?? defaults.timestepScaling,
  }
}
