import type { LogitsProcessor } from './logits-processor'

/** Divides every logit by the temperature: below 1 sharpens the distribution, above 1 flattens it. */
export class Temperature implements LogitsProcessor {
  constructor(private readonly temperature: number) {
    if (!(temperature > 0)) throw new RangeError('Temperature must be above 0 (0 means greedy: use the greedy picker).')
  }

  process(logits: Float32Array): void {
    const scale = 1 / this.temperature
    for (let i = 0; i < logits.length; i++) logits[i] *= scale
  }
}
