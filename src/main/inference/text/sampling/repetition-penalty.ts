import type { LogitsProcessor } from './logits-processor'

/**
 * CTRL's repetition penalty (Keskar et al. 2019, as in transformers): every token already in the
 * story becomes less likely: a positive logit is divided by the penalty, a negative one
 * multiplied. The distinct tokens are tracked as they arrive, so a step costs O(distinct).
 */
export class RepetitionPenalty implements LogitsProcessor {
  private readonly seen: Uint8Array
  private readonly distinct: number[] = []

  constructor(
    private readonly penalty: number,
    vocabularySize: number,
    promptTokens: readonly number[],
  ) {
    if (!(penalty > 0)) throw new RangeError('The repetition penalty must be above 0.')
    this.seen = new Uint8Array(vocabularySize)
    for (const token of promptTokens) this.accept(token)
  }

  accept(token: number): void {
    if (token >= this.seen.length || this.seen[token]) return
    this.seen[token] = 1
    this.distinct.push(token)
  }

  process(logits: Float32Array): void {
    for (const token of this.distinct) {
      const logit = logits[token]
      logits[token] = logit < 0 ? logit * this.penalty : logit / this.penalty
    }
  }
}
