import type { Pcg32 } from './random'

/** Picks the next token from processed logits. */
export type TokenPicker = (logits: Float32Array) => number

/** The most likely token; the lowest id wins a tie (as argmax does in every reference). */
export function pickGreedy(logits: Float32Array): number {
  let best = 0
  let bestValue = logits[0]
  for (let i = 1; i < logits.length; i++) {
    if (logits[i] > bestValue) {
      bestValue = logits[i]
      best = i
    }
  }
  return best
}

/**
 * Draws a token with probability softmax(logits): one uniform draw, walked against the running
 * sum of exp(logit - max). Removed tokens (-Infinity) weigh exactly 0. The logits are consumed:
 * they are overwritten with the unnormalised weights, which saves a second pass of exp().
 * The same generator state and logits always give the same token.
 */
export function sampleToken(logits: Float32Array, random: Pcg32): number {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  if (max === -Infinity) throw new RangeError('Every token was removed before sampling.')
  let total = 0
  for (let i = 0; i < logits.length; i++) {
    // Top-k and top-p leave a few dozen live tokens among 50,257: exp() only for those.
    if (logits[i] === -Infinity) {
      logits[i] = 0
      continue
    }
    logits[i] = Math.exp(logits[i] - max)
    total += logits[i]
  }
  const target = random.nextFloat() * total
  let running = 0
  let last = -1
  for (let i = 0; i < logits.length; i++) {
    if (logits[i] === 0) continue
    running += logits[i]
    last = i
    if (running > target) return i
  }
  // Rounding can leave the running sum a hair under the target: the last live token takes it.
  return last
}

/** A picker that samples with `random`. */
export function sampler(random: Pcg32): TokenPicker {
  return (logits) => sampleToken(logits, random)
}
