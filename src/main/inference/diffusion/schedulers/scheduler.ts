import type { SchedulerName } from '../../../../shared/contract/image'

/**
 * One denoising scheduler (diffusers' interface, reduced to what the pipeline calls). Buffers
 * passed in are latents laid out as the UNet takes them; `step` updates `sample` in place and
 * allocates nothing after its first call, so the loop's own cost stays far below the UNet's.
 */
export interface Scheduler {
  readonly name: SchedulerName
  /** The timestep fed to the UNet at each inference step, in order (set by setTimesteps). */
  readonly timesteps: readonly number[]
  /** How much the initial Gaussian noise is scaled by. */
  readonly initNoiseSigma: number
  /** The latest estimate of the clean latent (x0), updated by every step; previews show it. */
  readonly denoised: Float32Array
  /** Chooses the inference timesteps for `steps` steps and resets any multistep history. */
  setTimesteps(steps: number): void
  /** Writes the UNet's input for step `index` (the sample, scaled where the method needs it) into `out`. */
  scaleModelInput(sample: Float32Array, index: number, out: Float32Array): void
  /** Moves `sample` from step `index` to the next noise level, given the UNet's output there. */
  step(modelOutput: Float32Array, index: number, sample: Float32Array): void
}

/** Multiplies `sample` by `factor` into `out` (the common form of scaleModelInput). */
export function scaleInto(sample: Float32Array, factor: number, out: Float32Array): void {
  if (factor === 1 && out === sample) return
  for (let i = 0; i < sample.length; i++) out[i] = sample[i] * factor
}

/** A float32 buffer of `length`, reused while the length stays the same. */
export function reuse(buffer: Float32Array, length: number): Float32Array {
  return buffer.length === length ? buffer : new Float32Array(length)
}

/** Throws the error every scheduler gives for a step index outside its schedule. */
export function checkStepIndex(index: number, steps: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= steps) {
    throw new RangeError(`Step ${index} is outside the schedule of ${steps} steps (call setTimesteps first).`)
  }
}
