import type { LogitsProcessor } from './logits-processor'

/**
 * Nucleus sampling: keeps the smallest set of most likely tokens whose probability reaches p
 * (a token is kept when the tokens strictly above it hold less than p), removing the rest.
 * Tokens are taken from a max-heap one at a time, so a peaked distribution costs O(vocab)
 * rather than a full sort; tokens already removed (by top-k) never enter the heap.
 */
export class TopP implements LogitsProcessor {
  private heap = new Int32Array(0)

  constructor(private readonly p: number) {
    if (!(p > 0 && p <= 1)) throw new RangeError('top-p must be in (0, 1].')
  }

  process(logits: Float32Array): void {
    if (this.p >= 1) return
    if (this.heap.length !== logits.length) this.heap = new Int32Array(logits.length)
    let max = -Infinity
    for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
    if (max === -Infinity) return
    let total = 0
    let size = 0
    for (let i = 0; i < logits.length; i++) {
      if (logits[i] === -Infinity) continue
      total += Math.exp(logits[i] - max)
      this.heap[size++] = i
    }
    const heap = new MaxHeap(this.heap, size, logits)
    // Take tokens from the top until the kept mass reaches p; ties with the last kept one stay.
    const needed = this.p * total
    let kept = 0
    let threshold = max
    while (kept < needed && heap.size > 0) {
      const token = heap.pop()
      threshold = logits[token]
      kept += Math.exp(threshold - max)
    }
    for (let i = 0; i < logits.length; i++) if (logits[i] < threshold) logits[i] = -Infinity
  }
}

/** A binary max-heap of token ids ordered by their logit, built in place in O(n). */
class MaxHeap {
  constructor(
    private readonly items: Int32Array,
    public size: number,
    private readonly keys: Float32Array,
  ) {
    for (let i = (size >>> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  pop(): number {
    const top = this.items[0]
    this.size -= 1
    this.items[0] = this.items[this.size]
    this.siftDown(0)
    return top
  }

  private siftDown(start: number): void {
    const { items, keys, size } = this
    let parent = start
    const item = items[parent]
    const key = keys[item]
    for (;;) {
      let child = 2 * parent + 1
      if (child >= size) break
      if (child + 1 < size && keys[items[child + 1]] > keys[items[child]]) child += 1
      if (keys[items[child]] <= key) break
      items[parent] = items[child]
      parent = child
    }
    items[parent] = item
  }
}
