import type { LogitsProcessor } from './logits-processor'

/** Keeps the story from ending early: end-of-text is removed until `minimum` new tokens exist. */
export class MinNewTokens implements LogitsProcessor {
  private generated = 0

  constructor(
    private readonly minimum: number,
    private readonly endOfTextIds: readonly number[],
  ) {}

  accept(): void {
    this.generated += 1
  }

  process(logits: Float32Array): void {
    if (this.generated >= this.minimum) return
    for (const token of this.endOfTextIds) if (token < logits.length) logits[token] = -Infinity
  }
}
