import type { LogitsProcessor } from './logits-processor'

/**
 * Removes tokens less likely than `minP` times the most likely one. In logit space that is a
 * single threshold, max + ln(minP), so no softmax is needed.
 */
export class MinP implements LogitsProcessor {
  constructor(private readonly minP: number) {
    if (!(minP >= 0 && minP <= 1)) throw new RangeError('min-p must be in [0, 1].')
  }

  process(logits: Float32Array): void {
    if (this.minP <= 0) return
    let max = -Infinity
    for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
    const threshold = max + Math.log(this.minP)
    for (let i = 0; i < logits.length; i++) if (logits[i] < threshold) logits[i] = -Infinity
  }
}
