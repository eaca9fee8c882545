import { describe, expect, it } from 'vitest'
import { float16BitsToNumber, float16ToFloat32 } from '../../../../src/main/inference/runtime/float16'

describe('float16 conversion', () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('0x%s is %d', (bits, value) => {
    expect(float16BitsToNumber(bits)).toBe(value)
  })

  it('reads NaN and negative zero', () => {
    expect(float16BitsToNumber(0x7e00)).toBeNaN()
    expect(Object.is(float16BitsToNumber(0x8000), -0)).toBe(true)
  })

  it('converts arrays with the table, into a given buffer', () => {
    const out = new Float32Array(3)
    expect(float16ToFloat32(Uint16Array.of(0x3c00, 0xc000, 0x3800), out)).toBe(out)
    expect(Array.from(out)).toEqual([1, -2, 0.5])
  })
})
