import { describe, expect, it } from 'vitest'
import { combineGuidance, guidanceEmbedding } from '../../../../src/main/inference/diffusion/guidance'

describe('classifier-free guidance', () => {
  it('moves past the conditional prediction by the scale, in place', () => {
    const uncond = Float32Array.from([1, 2, -1])
    const cond = Float32Array.from([2, 2, 1])
    combineGuidance(uncond, cond, 7.5, uncond)
    expect(Array.from(uncond)).toEqual([8.5, 2, 14])
  })

  it('scale 1 is the conditional prediction, 0 the unconditional one', () => {
    const out = new Float32Array(2)
    combineGuidance(Float32Array.from([1, 2]), Float32Array.from([3, 5]), 1, out)
    expect(Array.from(out)).toEqual([3, 5])
    combineGuidance(Float32Array.from([1, 2]), Float32Array.from([3, 5]), 0, out)
    expect(Array.from(out)).toEqual([1, 2])
  })
})

describe("LCM's guidance embedding", () => {
  it('matches diffusers for w = 7, width 256 (model-formats.md)', () => {
    const embedding = guidanceEmbedding(7, 256)
    expect(embedding).toHaveLength(256)
    expect(embedding[0]).toBeCloseTo(0.50689, 4)
    expect(embedding[1]).toBeCloseTo(0.80439, 4)
    expect(embedding[2]).toBeCloseTo(-0.86046, 4)
    // The second half is the cosines of the same angles.
    expect(embedding[128]).toBeCloseTo(Math.cos(7000), 5)
  })

  it('pads an odd width with a zero', () => {
    const embedding = guidanceEmbedding(3, 9)
    expect(embedding).toHaveLength(9)
    expect(embedding[8]).toBe(0)
  })
})
