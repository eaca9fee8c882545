/**
 * Half-precision support for tensors: Node 20 has no Float16Array, so onnxruntime-node hands
 * float16 data over as raw Uint16Array bits. A lookup table over all 65536 patterns makes a
 * conversion one load per element; it is built on first use (256 KB).
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
