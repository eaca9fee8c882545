import type { LogitsProcessor } from './logits-processor'

/**
 * Keeps the k highest logits (and any tied with the k-th), removing the rest. The k-th value is
 * found by quickselect on a reused scratch copy: O(vocab) per token instead of a full sort.
 */
export class TopK implements LogitsProcessor {
  private scratch = new Float32Array(0)

  constructor(private readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError('top-k must be a whole number of at least 1.')
  }

  process(logits: Float32Array): void {
    if (this.k >= logits.length) return
    if (this.scratch.length !== logits.length) this.scratch = new Float32Array(logits.length)
    this.scratch.set(logits)
    const threshold = kthLargest(this.scratch, this.k)
    for (let i = 0; i < logits.length; i++) if (logits[i] < threshold) logits[i] = -Infinity
  }
}

/** The k-th largest value of `values` (1-based); reorders `values`. Hoare-style quickselect. */
export function kthLargest(values: Float32Array, k: number): number {
  const target = k - 1
  let left = 0
  let right = values.length - 1
  while (left < right) {
    // The median of three keeps sorted or constant-ish inputs from degrading to quadratic time.
    const middle = (left + right) >>> 1
    const pivot = medianOfThree(values[left], values[middle], values[right])
    let i = left
    let j = right
    while (i <= j) {
      while (values[i] > pivot) i++
      while (values[j] < pivot) j--
      if (i <= j) {
        const swap = values[i]
        values[i] = values[j]
        values[j] = swap
        i++
        j--
      }
    }
    // Now values[left..j] >= pivot >= values[i..right]; anything between equals the pivot.
    if (target <= j) right = j
    else if (target >= i) left = i
    else return pivot
  }
  return values[target]
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a
  return a < c ? a : b < c ? c : b
}
