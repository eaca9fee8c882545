/**
 * Half-precision support for tensors: Node 20 has no Float16Array, so onnxruntime-node hands
 * float16 data over as raw Uint16Array bits. A lookup table over all 65536 patterns makes a
 * conversion one load per element; it is built on first use (256 KB). Encoding (for models
 * whose inputs are float16) rounds to nearest even, as a hardware conversion does.
 */
let table: Float32Array | null = null

/** The number a half-precision bit pattern stands for (exact: every half is a float32). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exponent = (bits >>> 10) & 0x1f
  const mantissa = bits & 0x3ff
  if (exponent === 0) return sign * mantissa * 2 ** -24
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15)
}

/** Converts float16 bits to float32 values, into `out` when given (same length). */
export function float16ToFloat32(bits: Uint16Array, out = new Float32Array(bits.length)): Float32Array {
  if (!table) {
    table = new Float32Array(65536)
    for (let i = 0; i < 65536; i++) table[i] = float16BitsToNumber(i)
  }
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]]
  return out
}

const scratch = new DataView(new ArrayBuffer(4))

/** IEEE 754 half-precision bits of a number, rounded to nearest even (overflow gives infinity). */
export function toFloat16Bits(value: number): number {
  scratch.setFloat32(0, value)
  const bits = scratch.getUint32(0)
  const sign = (bits >>> 16) & 0x8000
  const exponent = (bits >>> 23) & 0xff
  let mantissa = bits & 0x7fffff
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0)
  const halfExponent = exponent - 127 + 15
  if (halfExponent >= 0x1f) return sign | 0x7c00
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign
    mantissa |= 0x800000
    const shift = 14 - halfExponent
    const half = mantissa >>> shift
    const remainder = mantissa & ((1 << shift) - 1)
    const midpoint = 1 << (shift - 1)
    const roundUp = remainder > midpoint || (remainder === midpoint && (half & 1) === 1)
    return sign | (half + (roundUp ? 1 : 0))
  }
  const half = (halfExponent << 10) | (mantissa >>> 13)
  const remainder = mantissa & 0x1fff
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | (half + (roundUp ? 1 : 0))
}

/** Converts float32 values to float16 bits, into `out` when given (same length). */
export function float32ToFloat16(values: Float32Array, out = new Uint16Array(values.length)): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i])
  return out
}
