import { describe, expect, it } from 'vitest'
import { createScheduler } from '../../../../../src/main/inference/diffusion/schedulers/create-scheduler'
import { noiseSchedule } from '../../../../../src/main/inference/diffusion/schedulers/noise-schedule'
import { resolveSchedulerConfig } from '../../../../../src/main/inference/diffusion/schedulers/scheduler-config'
import type { Scheduler } from '../../../../../src/main/inference/diffusion/schedulers/scheduler'
import { SeededRandom } from '../../../../../src/main/inference/diffusion/random'
import type { SchedulerName } from '../../../../../src/shared/contract/image'
import { reference } from './diffusers-reference'
import { sd15SchedulerConfig, withSpacing } from './sd-config'

const noise = SeededRandom.fromSeed(0)

function scheduler(name: SchedulerName, spacing?: 'leading' | 'trailing' | 'linspace', steps = 20): Scheduler & { sigmas?: Float64Array } {
  const created = createScheduler(name, spacing ? withSpacing(spacing) : sd15SchedulerConfig, noise)
  created.setTimesteps(steps)
  return created
}

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i]), `index ${i}`).toBeLessThanOrEqual(tolerance)
}

describe('noise schedule (scaled_linear, SD)', () => {
  const schedule = noiseSchedule(resolveSchedulerConfig(sd15SchedulerConfig))
  it('has the documented alpha_bar and sigma range', () => {
    expect(schedule.alphasCumprod[0]).toBeCloseTo(0.99915, 5)
    expect(schedule.alphasCumprod[999]).toBeCloseTo(0.0046601, 6)
    expect(schedule.sigmas[0]).toBeCloseTo(0.029168, 5)
    expect(Math.abs(schedule.sigmas[999] - 14.6147)).toBeLessThan(1e-4)
  })
})

describe('documented schedules', () => {
  it('DDIM leading, 50 steps, offset 1: 981, 961, ..., 21, 1', () => {
    const expected = Array.from({ length: 50 }, (_, i) => 981 - 20 * i)
    expect(scheduler('ddim', 'leading', 50).timesteps).toEqual(expected)
  })

  it('Euler linspace, 4 steps', () => {
    const euler = scheduler('euler', 'linspace', 4)
    expect(euler.timesteps).toEqual([999, 666, 333, 0])
    expectClose(euler.sigmas!, [14.6147, 2.9183, 0.9324, 0.0292, 0], 1e-4)
  })

  it('DPM++ 2M Karras, 20 steps', () => {
    expect(scheduler('dpmpp-2m-karras', undefined, 20).timesteps).toEqual([
      999, 962, 921, 876, 827, 772, 710, 640, 561, 474, 380, 285, 197, 123, 69, 35, 15, 6, 2, 0,
    ])
  })

  it('LCM, 4 steps', () => {
    expect(scheduler('lcm', undefined, 4).timesteps).toEqual([999, 759, 499, 259])
  })

  it("SD-Turbo's one step: Euler trailing gives t = 999 at sigma 14.6146, and 0 after", () => {
    const turbo = scheduler('euler', 'trailing', 1)
    expect(turbo.timesteps).toEqual([999])
    expectClose(turbo.sigmas!, [14.6146, 0], 1e-4)
    expect(turbo.initNoiseSigma).toBeCloseTo(14.6146, 3)
  })
})

describe('every scheduler and spacing matches the diffusers reference', () => {
  const spacings = ['leading', 'trailing', 'linspace'] as const
  for (const spacing of spacings) {
    for (const steps of [1, 4, 7, 20]) {
      it(`${spacing}, ${steps} steps`, () => {
        expect(scheduler('ddim', spacing, steps).timesteps).toEqual(reference[`ddim/${spacing}/${steps}`].timesteps)

        for (const name of ['euler', 'euler-a'] as const) {
          const euler = scheduler(name, spacing, steps)
          const expected = reference[`euler/${spacing}/${steps}`]
          expectClose(euler.timesteps, expected.timesteps, 1e-3)
          expectClose(euler.sigmas!, expected.sigmas!)
          expect(Math.abs(euler.initNoiseSigma - expected.initNoiseSigma!)).toBeLessThan(1e-4)
        }

        const dpm = scheduler('dpmpp-2m', spacing, steps)
        expect(dpm.timesteps).toEqual(reference[`dpmpp-2m/${spacing}/${steps}`].timesteps)
        expectClose(dpm.sigmas!, reference[`dpmpp-2m/${spacing}/${steps}`].sigmas!)
      })
    }
    it(`Euler with Karras sigmas, ${spacing}`, () => {
      const karras = createScheduler('euler', withSpacing(spacing, { use_karras_sigmas: true }), noise) as Scheduler & { sigmas: Float64Array }
      karras.setTimesteps(20)
      const expected = reference[`euler-karras/${spacing}/20`]
      // Fractional timesteps found by inverting log sigma; diffusers inverts its float32 table,
      // this engine a float64 one, which moves the result by up to ~1e-3 of a timestep.
      expectClose(karras.timesteps, expected.timesteps, 2e-3)
      expectClose(karras.sigmas, expected.sigmas!)
      expect(Math.abs(karras.initNoiseSigma - expected.initNoiseSigma!)).toBeLessThan(1e-4)
    })
  }

  for (const steps of [20, 7]) {
    it(`DPM++ 2M Karras, ${steps} steps (sigmas too)`, () => {
      const karras = scheduler('dpmpp-2m-karras', undefined, steps)
      expect(karras.timesteps).toEqual(reference[`dpmpp-2m-karras/${steps}`].timesteps)
      expectClose(karras.sigmas!, reference[`dpmpp-2m-karras/${steps}`].sigmas!)
    })
  }

  for (const steps of [1, 4, 8]) {
    it(`LCM, ${steps} steps`, () => {
      expect(scheduler('lcm', undefined, steps).timesteps).toEqual(reference[`lcm/${steps}`].timesteps)
    })
  }
})

describe('step counts', () => {
  it('refuses zero, fractional and too many steps with invalid-input', () => {
    for (const steps of [0, 2.5, 1001]) {
      expect(() => scheduler('euler', undefined, steps)).toThrow(expect.objectContaining({ code: 'invalid-input' }))
      expect(() => scheduler('dpmpp-2m', undefined, steps)).toThrow(expect.objectContaining({ code: 'invalid-input' }))
    }
    expect(() => scheduler('lcm', undefined, 51)).toThrow(expect.objectContaining({ code: 'invalid-input' }))
  })
})
