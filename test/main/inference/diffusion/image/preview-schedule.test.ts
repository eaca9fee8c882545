import { describe, expect, it } from 'vitest'
import { PREVIEW_BUDGET, PreviewSchedule } from '../../../../../src/main/inference/diffusion/image/preview-schedule'

/** A clock that a preview itself advances by `costMs`, and the test by the step time. */
function fakeClock(costMs: number) {
  let time = 0
  let inPreview = false
  const now = () => {
    // The schedule reads the clock before and after drawing: the second read sees the cost.
    if (inPreview) time += costMs
    inPreview = !inPreview
    return time
  }
  return { now, advance: (ms: number) => (time += ms), reset: () => (inPreview = false) }
}

describe('PreviewSchedule', () => {
  const latent = new Float32Array(4 * 8 * 8)

  it('previews the first step, then at most every 100 ms', () => {
    const clock = fakeClock(0)
    const schedule = new PreviewSchedule(clock.now)
    const made: number[] = []
    for (let step = 0; step < 10; step++) {
      clock.reset()
      if (schedule.preview(latent, 8, 8) !== undefined) made.push(step)
      clock.reset()
      clock.advance(40)
    }
    // Steps 40 ms apart: one preview every third step.
    expect(made).toEqual([0, 3, 6, 9])
  })

  it('thins out previews whose cost would exceed the budget', () => {
    const costMs = 1
    const clock = fakeClock(costMs)
    const schedule = new PreviewSchedule(clock.now)
    const made: number[] = []
    for (let step = 0; step < 12; step++) {
      clock.reset()
      if (schedule.preview(latent, 8, 8) !== undefined) made.push(step)
      clock.reset()
      clock.advance(100)
    }
    // 1 ms previews under a 0.25% budget: at least 400 ms apart, so every fourth 100 ms step.
    expect(costMs / PREVIEW_BUDGET).toBe(400)
    expect(made).toEqual([0, 4, 8])
  })
})
