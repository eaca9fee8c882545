import { describe, expect, it } from 'vitest'
import { createScheduler, schedulerForConfig } from '../../../../../src/main/inference/diffusion/schedulers/create-scheduler'
import { noiseSchedule, sigmaAt } from '../../../../../src/main/inference/diffusion/schedulers/noise-schedule'
import { resolveSchedulerConfig, type RawSchedulerConfig } from '../../../../../src/main/inference/diffusion/schedulers/scheduler-config'
import type { Scheduler } from '../../../../../src/main/inference/diffusion/schedulers/scheduler'
import { SeededRandom, type NoiseSource } from '../../../../../src/main/inference/diffusion/random'
import { schedulerNames, type SchedulerName } from '../../../../../src/shared/contract/image'
import { referenceLoops } from './diffusers-loops'
import { sd15SchedulerConfig, withSpacing } from './sd-config'

/** The stand-in noise of the reference loops: the k-th draw is cos(7k + i). */
function standInNoise(): NoiseSource {
  let draw = 0
  return {
    fillGaussian(target) {
      for (let i = 0; i < target.length; i++) target[i] = Math.cos(draw * 7 + i)
      draw += 1
      return target
    },
  }
}

/** Runs a whole loop the way the pipeline does, with `model(input, t)` standing in for the UNet. */
function sample(scheduler: Scheduler, steps: number, start: Float32Array, model: (input: Float32Array, t: number) => Float32Array): Float32Array {
  scheduler.setTimesteps(steps)
  const latents = start.map((x) => x * scheduler.initNoiseSigma)
  const input = new Float32Array(latents.length)
  scheduler.timesteps.forEach((t, index) => {
    scheduler.scaleModelInput(latents, index, input)
    scheduler.step(model(input, t), index, latents)
  })
  return latents
}

describe('whole loops match diffusers with a stand-in model', () => {
  const start = Float32Array.from({ length: 8 }, (_, i) => Math.sin(i * 1.3))
  const standInModel = (input: Float32Array, t: number) => input.map((x) => 0.8 * Math.sin(x + t / 1000))
  const cases: [string, SchedulerName, RawSchedulerConfig, number][] = [
    ['ddim/leading/10', 'ddim', withSpacing('leading'), 10],
    ['ddim/trailing/5/v', 'ddim', withSpacing('trailing', { prediction_type: 'v_prediction' }), 5],
    ['euler/linspace/10', 'euler', withSpacing('linspace'), 10],
    ['euler/leading/6', 'euler', withSpacing('leading'), 6],
    ['euler/linspace/8/v', 'euler', withSpacing('linspace', { prediction_type: 'v_prediction' }), 8],
    ['euler-karras/linspace/8', 'euler', withSpacing('linspace', { use_karras_sigmas: true }), 8],
    ['euler-a/linspace/10', 'euler-a', withSpacing('linspace'), 10],
    ['dpmpp-2m/linspace/10', 'dpmpp-2m', withSpacing('linspace'), 10],
    ['dpmpp-2m/trailing/6/v', 'dpmpp-2m', withSpacing('trailing', { prediction_type: 'v_prediction' }), 6],
    ['dpmpp-2m-karras/12', 'dpmpp-2m-karras', sd15SchedulerConfig, 12],
    ['lcm/4', 'lcm', sd15SchedulerConfig, 4],
    ['lcm/6/v', 'lcm', { ...sd15SchedulerConfig, prediction_type: 'v_prediction' }, 6],
  ]
  for (const [key, name, config, steps] of cases) {
    it(key, () => {
      const result = sample(createScheduler(name, config, standInNoise()), steps, start, standInModel)
      const expected = referenceLoops[key]
      for (let i = 0; i < expected.length; i++) {
        expect(Math.abs(result[i] - expected[i]), `element ${i}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected[i])))
      }
    })
  }
})

describe('an exact noise oracle lands every deterministic scheduler on the clean latent', () => {
  const schedule = noiseSchedule(resolveSchedulerConfig(sd15SchedulerConfig))
  const clean = Float32Array.from({ length: 64 }, (_, i) => Math.cos(i * 0.7) * 0.8)
  const noise = SeededRandom.fromSeed(7).fillGaussian(new Float32Array(64))

  /** Predicts the exact noise (or v) of a variance-preserving input at timestep t for `clean`. */
  function oracle(prediction: 'epsilon' | 'v_prediction') {
    return (input: Float32Array, t: number) => {
      const sigma = sigmaAt(schedule, t)
      const alphaBar = 1 / (1 + sigma * sigma)
      const a = Math.sqrt(alphaBar)
      const b = Math.sqrt(1 - alphaBar)
      return input.map((x, i) => {
        const eps = (x - a * clean[i]) / b
        return prediction === 'epsilon' ? eps : a * eps - b * clean[i]
      })
    }
  }

  for (const prediction of ['epsilon', 'v_prediction'] as const) {
    for (const name of ['euler', 'dpmpp-2m', 'dpmpp-2m-karras', 'ddim'] as const) {
      it(`${name}, ${prediction}`, () => {
        const config = withSpacing(name === 'ddim' ? 'leading' : 'linspace', { prediction_type: prediction })
        const result = sample(createScheduler(name, config, SeededRandom.fromSeed(1)), 12, noise, oracle(prediction))
        // DDIM's last step re-noises to alpha_bar[0] (set_alpha_to_one false): sqrt(1 - 0.99915) of noise remains.
        const tolerance = name === 'ddim' ? 0.03 * 4 : 1e-4
        for (let i = 0; i < clean.length; i++) expect(Math.abs(result[i] - clean[i])).toBeLessThanOrEqual(tolerance)
      })
    }
  }

  it('LCM lands on it too (fresh noise is re-added between steps, and removed again)', () => {
    const result = sample(createScheduler('lcm', sd15SchedulerConfig, SeededRandom.fromSeed(3)), 4, noise, oracle('epsilon'))
    for (let i = 0; i < clean.length; i++) expect(Math.abs(result[i] - clean[i])).toBeLessThanOrEqual(1e-3)
  })
})

describe('steps reuse their buffers', () => {
  for (const name of schedulerNames) {
    it(`${name} keeps one denoised buffer across steps`, () => {
      const scheduler = createScheduler(name, sd15SchedulerConfig, SeededRandom.fromSeed(0))
      scheduler.setTimesteps(4)
      const latents = new Float32Array(16).fill(0.5)
      const output = new Float32Array(16).fill(0.1)
      const seen = new Set<Float32Array>()
      for (let index = 0; index < 4; index++) {
        scheduler.step(output, index, latents)
        seen.add(scheduler.denoised)
      }
      // DPM++ alternates two history buffers; every other scheduler keeps one.
      expect(seen.size).toBeLessThanOrEqual(name.startsWith('dpmpp') ? 2 : 1)
    })
  }
})

describe('the scheduler a pack names', () => {
  it('maps the classes this engine implements', () => {
    expect(schedulerForConfig({ _class_name: 'DDIMScheduler' })).toEqual({ name: 'ddim' })
    expect(schedulerForConfig({ _class_name: 'EulerDiscreteScheduler' })).toEqual({ name: 'euler' })
    expect(schedulerForConfig({ _class_name: 'EulerAncestralDiscreteScheduler' })).toEqual({ name: 'euler-a' })
    expect(schedulerForConfig({ _class_name: 'DPMSolverMultistepScheduler', use_karras_sigmas: true })).toEqual({ name: 'dpmpp-2m-karras' })
    expect(schedulerForConfig({ _class_name: 'LCMScheduler' })).toEqual({ name: 'lcm' })
  })

  it("maps SD 1.5's PNDMScheduler (and anything unknown) to a supported one, with a notice", () => {
    const pndm = schedulerForConfig(sd15SchedulerConfig)
    expect(pndm.name).toBe('dpmpp-2m')
    expect(pndm.notice).toMatch(/PNDMScheduler/)
    expect(schedulerForConfig({ _class_name: 'HeunDiscreteScheduler' })).toMatchObject({ name: 'euler', notice: expect.stringMatching(/Heun/) })
  })

  it('keeps the pack noise schedule when another scheduler is chosen, with that class defaults', () => {
    // SD 1.5 names no spacing: DDIM then defaults to leading (981 ... 1), Euler to linspace (999 ... 0).
    const ddim = createScheduler('ddim', sd15SchedulerConfig, SeededRandom.fromSeed(0))
    ddim.setTimesteps(4)
    expect(ddim.timesteps).toEqual([751, 501, 251, 1])
    const euler = createScheduler('euler', sd15SchedulerConfig, SeededRandom.fromSeed(0))
    euler.setTimesteps(4)
    expect(euler.timesteps).toEqual([999, 666, 333, 0])
  })

  it('refuses zero-terminal-SNR schedules it cannot honour', () => {
    expect(() => createScheduler('euler', { ...sd15SchedulerConfig, rescale_betas_zero_snr: true }, SeededRandom.fromSeed(0))).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    )
  })
})
