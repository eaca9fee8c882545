import type { LogitsProcessor } from './logits-processor'

/**
 * Forbids any n-gram from appearing twice: the token that would complete an n-gram already in
 * the sequence is removed. The table from each (n-1)-token context to the tokens that followed
 * it grows by one entry per token, instead of being rebuilt from the whole sequence every step.
 */
export class NoRepeatNgram implements LogitsProcessor {
  private readonly history: number[] = []
  private readonly followers = new Map<string, Set<number>>()

  constructor(
    private readonly size: number,
    promptTokens: readonly number[],
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('The n-gram size must be a whole number of at least 1.')
    for (const token of promptTokens) this.accept(token)
  }

  accept(token: number): void {
    this.history.push(token)
    if (this.history.length < this.size) return
    const key = this.contextKey(this.history.length - 1)
    const seen = this.followers.get(key)
    if (seen) seen.add(token)
    else this.followers.set(key, new Set([token]))
  }

  process(logits: Float32Array): void {
    if (this.history.length < this.size - 1) return
    const banned = this.followers.get(this.contextKey(this.history.length))
    if (banned) for (const token of banned) logits[token] = -Infinity
  }

  /** The n-1 tokens just before position `end`, as a map key. */
  private contextKey(end: number): string {
    return this.history.slice(end - (this.size - 1), end).join(',')
  }
}
