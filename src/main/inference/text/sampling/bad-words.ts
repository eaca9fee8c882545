import type { LogitsProcessor } from './logits-processor'

/**
 * Never lets a banned token sequence appear: a one-token sequence is always removed; a longer
 * one has its last token removed whenever the sequence so far ends with all the others.
 */
export class BadWords implements LogitsProcessor {
  private readonly alwaysBanned: number[] = []
  private readonly sequences: number[][] = []
  private readonly history: number[]
  private readonly keep: number

  constructor(sequences: readonly (readonly number[])[], promptTokens: readonly number[]) {
    for (const sequence of sequences) {
      if (sequence.length === 1) this.alwaysBanned.push(sequence[0])
      else if (sequence.length > 1) this.sequences.push([...sequence])
    }
    this.keep = Math.max(0, ...this.sequences.map((s) => s.length - 1))
    this.history = this.keep > 0 ? promptTokens.slice(-this.keep) : []
  }

  accept(token: number): void {
    if (this.keep === 0) return
    this.history.push(token)
    if (this.history.length > this.keep) this.history.shift()
  }

  process(logits: Float32Array): void {
    for (const token of this.alwaysBanned) logits[token] = -Infinity
    for (const sequence of this.sequences) {
      if (this.historyEndsWith(sequence, sequence.length - 1)) logits[sequence[sequence.length - 1]] = -Infinity
    }
  }

  private historyEndsWith(sequence: readonly number[], length: number): boolean {
    const offset = this.history.length - length
    if (offset < 0) return false
    for (let i = 0; i < length; i++) if (this.history[offset + i] !== sequence[i]) return false
    return true
  }
}
