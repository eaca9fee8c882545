const MASK_64 = (1n << 64n) - 1n
const MULTIPLIER = 6364136223846793005n

/**
 * PCG32 (O'Neill, pcg-random.org: XSH-RR output on a 64-bit LCG): small, fast enough for one
 * draw per token, statistically good, and reproducible across platforms, so the same seed and
 * settings always give the same story. BigInt keeps the 64-bit state arithmetic plain.
 */
export class Pcg32 {
  private state = 0n
  private readonly increment: bigint

  /** `stream` selects one of 2^63 independent sequences for the same seed. */
  constructor(seed: number | bigint, stream: number | bigint = 54) {
    this.increment = ((BigInt(stream) << 1n) | 1n) & MASK_64
    this.nextUint32()
    this.state = (this.state + BigInt(seed)) & MASK_64
    this.nextUint32()
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const old = this.state
    this.state = (old * MULTIPLIER + this.increment) & MASK_64
    const xorShifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn)
    const rotation = Number(old >> 59n)
    return ((xorShifted >>> rotation) | (xorShifted << (-rotation & 31))) >>> 0
  }

  /** A uniform float in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5
    const low = this.nextUint32() >>> 6
    return (high * 67108864 + low) / 9007199254740992
  }
}

/** A seed for a run that did not ask for one; reported back so the text can be reproduced. */
export function drawSeed(): number {
  return Math.floor(Math.random() * 2 ** 32)
}
