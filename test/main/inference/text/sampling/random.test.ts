import { describe, expect, it } from 'vitest'
import { Pcg32 } from '../../../../../src/main/inference/text/sampling/random'

describe('Pcg32', () => {
  it('matches the reference pcg32 demo (seed 42, stream 54)', () => {
    // pcg-c-basic's pcg32-demo prints these for pcg32_srandom_r(&rng, 42u, 54u).
    const rng = new Pcg32(42, 54)
    const words = Array.from({ length: 6 }, () => rng.nextUint32())
    expect(words).toEqual([0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e])
  })

  it('repeats for the same seed and differs for another', () => {
    const a = new Pcg32(7)
    const b = new Pcg32(7)
    const c = new Pcg32(8)
    const draw = (r: Pcg32) => Array.from({ length: 8 }, () => r.nextUint32())
    const first = draw(a)
    expect(draw(b)).toEqual(first)
    expect(draw(c)).not.toEqual(first)
  })

  it('gives floats in [0, 1) with a plausible mean', () => {
    const rng = new Pcg32(1)
    const draws = Array.from({ length: 20_000 }, () => rng.nextFloat())
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    expect(draws.reduce((a, b) => a + b) / draws.length).toBeCloseTo(0.5, 1)
  })
})
