/**
 * How far an optimized decoder strays from the original, on a fixed held-out text read under
 * teacher forcing (both models see the same true tokens at every position):
 * - agreement: the share of positions where both predict the same next token (argmax);
 * - perplexity of each model on the text (exp of the mean negative log-likelihood);
 * - the mean absolute difference between their logits.
 */
import type { Gpt2Decoder } from '../text/decoder/gpt2-decoder'
import { pickGreedy } from '../text/sampling/sampler'

export interface QualityFigures {
  /** Predictions compared. */
  positions: number
  agreement: number
  perplexity: number
  referencePerplexity: number
  meanAbsLogitError: number
}

/** Agreement below which a variant is flagged, by weight format (the quality a person can expect). */
export const AGREEMENT_BOUND = { int8: 0.97, q4: 0.92, fp16: 0.99 } as const

/** Text read per run: long enough for context to matter, short enough to stay quick on big models. */
const WINDOW_TOKENS = 128
/** Enough predictions for agreement to resolve half a percent, without a minutes-long check. */
const MAX_TOKENS = 640

/**
 * Compares `candidate` with `reference` on `tokens`, cut into windows that fit both models'
 * context; `between` runs after each window (cancellation, progress).
 */
export async function compareQuality(reference: Gpt2Decoder, candidate: Gpt2Decoder, tokens: readonly number[], between: (done: number, total: number) => void = () => {}): Promise<QualityFigures> {
  const vocabulary = reference.vocabularySize
  const window = Math.min(WINDOW_TOKENS, reference.contextLength, candidate.contextLength)
  const text = tokens.slice(0, MAX_TOKENS)
  let positions = 0
  let agreeing = 0
  let nll = 0
  let referenceNll = 0
  let errorSum = 0
  for (let start = 0; start + 1 < text.length; start += window) {
    const chunk = text.slice(start, start + window)
    const expected = await reference.logitsAtEveryPosition(chunk)
    const actual = await candidate.logitsAtEveryPosition(chunk)
    for (let i = 0; i + 1 < chunk.length; i++) {
      const a = expected.subarray(i * vocabulary, (i + 1) * vocabulary)
      const b = actual.subarray(i * vocabulary, (i + 1) * vocabulary)
      if (pickGreedy(a) === pickGreedy(b)) agreeing += 1
      referenceNll -= logSoftmaxAt(a, chunk[i + 1])
      nll -= logSoftmaxAt(b, chunk[i + 1])
      for (let v = 0; v < vocabulary; v++) errorSum += Math.abs(a[v] - b[v])
      positions += 1
    }
    between(Math.min(start + window, text.length), text.length)
  }
  return {
    positions,
    agreement: agreeing / positions,
    perplexity: Math.exp(nll / positions),
    referencePerplexity: Math.exp(referenceNll / positions),
    meanAbsLogitError: errorSum / (positions * vocabulary),
  }
}

/** log softmax(row)[index], computed stably around the row's maximum. */
export function logSoftmaxAt(row: Float32Array, index: number): number {
  let max = -Infinity
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i]
  let sum = 0
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max)
  return row[index] - max - Math.log(sum)
}
