/**
 * Seeded Gaussian noise that is identical on every machine: xoshiro128** (Blackman and Vigna)
 * seeded through SplitMix64, uniform doubles with 53 random bits, and the Box-Muller transform.
 * Only integer operations, IEEE-exact arithmetic and V8's fdlibm-based Math.log/cos/sin are
 * involved, so a seed names one picture whatever the platform.
 */
export class SeededRandom {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  /** Box-Muller yields normals in pairs; the second waits here. */
  private spare = Number.NaN

  private constructor(state: readonly number[]) {
    ;[this.s0, this.s1, this.s2, this.s3] = state.map((word) => word | 0)
  }

  /** The generator for a seed (any whole number from 0 to 2^53 - 1). */
  static fromSeed(seed: number): SeededRandom {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`A seed must be a whole number from 0 to 2^53 - 1, got ${seed}.`)
    }
    // SplitMix64 spreads any seed (even 0) over the whole 128-bit state, as xoshiro's authors advise.
    const words: number[] = []
    let x = BigInt(seed)
    for (let i = 0; i < 2; i++) {
      x = (x + GOLDEN_GAMMA) & MASK_64
      const z = splitMix64Mix(x)
      words.push(Number(z & 0xffffffffn), Number(z >> 32n))
    }
    return new SeededRandom(words)
  }

  /** A generator with an explicit 128-bit state (the form xoshiro128**'s test vectors use). */
  static fromState(state: readonly [number, number, number, number]): SeededRandom {
    return new SeededRandom(state)
  }

  /** The next 32-bit output of xoshiro128**, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5
    const low = this.nextUint32() >>> 6
    return (high * 67108864 + low) / 9007199254740992
  }

  /** One standard normal sample. */
  nextGaussian(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare
      this.spare = Number.NaN
      return value
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextDouble()))
    const angle = 2 * Math.PI * this.nextDouble()
    this.spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }

  /**
   * Fills `target` with standard normal samples (float32, as the models take them). The same
   * sequence as calling nextGaussian repeatedly, with the generator state kept in locals: this
   * runs for every latent element of ancestral and LCM steps.
   */
  fillGaussian(target: Float32Array): Float32Array {
    let start = 0
    if (!Number.isNaN(this.spare) && target.length > 0) {
      target[0] = this.spare
      this.spare = Number.NaN
      start = 1
    }
    let s0 = this.s0
    let s1 = this.s1
    let s2 = this.s2
    let s3 = this.s3
    // xoshiro128** inlined; identical to nextUint32.
    const next = () => {
      const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
      const t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = rotl(s3, 11)
      return result
    }
    for (let i = start; i < target.length; i += 2) {
      const u1 = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992
      const u2 = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992
      const radius = Math.sqrt(-2 * Math.log(1 - u1))
      const angle = 2 * Math.PI * u2
      target[i] = radius * Math.cos(angle)
      const second = radius * Math.sin(angle)
      if (i + 1 < target.length) target[i + 1] = second
      else this.spare = second
    }
    this.s0 = s0
    this.s1 = s1
    this.s2 = s2
    this.s3 = s3
    return target
  }
}

/** Where scheduler steps that add fresh noise (ancestral, LCM) draw it from. */
export interface NoiseSource {
  fillGaussian(target: Float32Array): Float32Array
}

/** SplitMix64's output function for state `x` (seed 0 gives 0xe220a8397b1dcdaf first). */
export function splitMix64Mix(x: bigint): bigint {
  let z = x
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64
  return z ^ (z >> 31n)
}

export const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n
const MASK_64 = (1n << 64n) - 1n

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
