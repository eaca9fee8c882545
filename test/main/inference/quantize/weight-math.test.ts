import { describe, expect, it } from 'vitest'
import { quantizeInt8 } from '../../../../src/main/inference/quantize/int8'
import { quantizeQ4 } from '../../../../src/main/inference/quantize/q4'

describe('quantizeInt8', () => {
  it('scales each column by its largest magnitude over 127 and rounds to the nearest step', () => {
    // [K=3, N=2]: column 0 peaks at 2.54, column 1 at -1.27.
    const { values, scales } = quantizeInt8(Float32Array.from([2.54, -1.27, -1.0, 0.5, 0.0, 0.01]), 3, 2)
    expect(Array.from(scales)).toEqual([Math.fround(2.54 / 127), Math.fround(1.27 / 127)])
    expect(Array.from(values)).toEqual([127, -127, -50, 50, 0, 1])
  })

  it('keeps an all-zero column exact with scale 1', () => {
    const { values, scales } = quantizeInt8(new Float32Array(4), 2, 2)
    expect(Array.from(scales)).toEqual([1, 1])
    expect(Array.from(values)).toEqual([0, 0, 0, 0])
  })
})

describe('quantizeQ4', () => {
  it('packs [K, N] columns into MatMulNBits blocks: low nibble first, zero point 8, extreme value at 0', () => {
    // K = 4 (one block of 4 padded from K), N = 1: values -8s, -4s, 0, 7s with s = 0.5.
    const { packed, scales, blocks } = quantizeQ4(Float32Array.from([4, 2, 0, -3.5]), 4, 1, 4)
    expect(blocks).toBe(1)
    // The extreme (4) maps to -8: scale = 4 / -8 = -0.5; q = round(v / -0.5) + 8.
    expect(Array.from(scales)).toEqual([-0.5])
    expect(Array.from(packed)).toEqual([0 | (4 << 4), 8 | (15 << 4)])
  })

  it('pads the last block of a K that is not a multiple of the block with zeros', () => {
    const { packed, scales, blocks } = quantizeQ4(Float32Array.from([1, -1, 0.5]), 3, 1, 4)
    expect(blocks).toBe(1)
    expect(Array.from(scales)).toEqual([-0.125])
    // 1 -> -8 -> 0; -1 -> +8 clamps to 15 (the one level the symmetric grid lacks); 0.5 -> 4; padding -> 8.
    expect(Array.from(packed)).toEqual([0 | (15 << 4), 4 | (8 << 4)])
  })

  it('stays within half a step of every weight the grid covers, and one step of the clamped opposite extreme', () => {
    const K = 64
    const N = 3
    const values = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)))
    const { packed, scales, blocks } = quantizeQ4(values, K, N, 32)
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        const block = Math.floor(k / 32)
        const byte = packed[(n * blocks + block) * 16 + ((k % 32) >> 1)]
        const q = k % 2 ? byte >> 4 : byte & 15
        const scale = scales[n * blocks + block]
        const clamped = q === 15 && values[k * N + n] / scale > 7.5
        expect(Math.abs((q - 8) * scale - values[k * N + n])).toBeLessThanOrEqual(Math.abs(scale) * (clamped ? 1 : 0.5) + 1e-6)
      }
    }
  })
})
