import type { SchedulerName } from '../../shared/contract/image'

/** The scheduler config fields that decide a class's name here (the config may be unvalidated JSON). */
type ClassOptions = { readonly use_karras_sigmas?: unknown }

/** Each diffusers class this engine implements, by the name its config carries. */
const namesByClass: Record<string, (raw: ClassOptions) => SchedulerName> = {
  DDIMScheduler: () => 'ddim',
  EulerDiscreteScheduler: () => 'euler',
  EulerAncestralDiscreteScheduler: () => 'euler-a',
  DPMSolverMultistepScheduler: (raw) => (raw.use_karras_sigmas === true ? 'dpmpp-2m-karras' : 'dpmpp-2m'),
  LCMScheduler: () => 'lcm',
}

/**
 * The scheduler that computes what a diffusers scheduler class computes, or undefined when this
 * engine does not implement the class (each caller picks its own stand-in).
 */
export function schedulerNameForClass(className: string, raw: ClassOptions): SchedulerName | undefined {
  return namesByClass[className]?.(raw)
}
