import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BadWords } from '../../../../../src/main/inference/text/sampling/bad-words'
import { MinNewTokens } from '../../../../../src/main/inference/text/sampling/min-new-tokens'
import { MinP } from '../../../../../src/main/inference/text/sampling/min-p'
import { NoRepeatNgram } from '../../../../../src/main/inference/text/sampling/no-repeat-ngram'
import { RepetitionPenalty } from '../../../../../src/main/inference/text/sampling/repetition-penalty'
import { Temperature } from '../../../../../src/main/inference/text/sampling/temperature'
import { TopK, kthLargest } from '../../../../../src/main/inference/text/sampling/top-k'
import { TopP } from '../../../../../src/main/inference/text/sampling/top-p'

const NEG = -Infinity
const logitsOf = (...values: number[]) => Float32Array.from(values)
const applied = (processor: { process(l: Float32Array): void }, logits: Float32Array) => {
  processor.process(logits)
  return Array.from(logits)
}
/** Logits whose softmax is exactly `probabilities` (up to float rounding). */
const fromProbabilities = (...probabilities: number[]) => Float32Array.from(probabilities, Math.log)

describe('Temperature', () => {
  it('divides every logit', () => {
    expect(applied(new Temperature(2), logitsOf(1, -2, 4, NEG))).toEqual([0.5, -1, 2, NEG])
    expect(applied(new Temperature(0.5), logitsOf(1, -2))).toEqual([2, -4])
  })
  it('refuses 0 (greedy is a picker, not a temperature)', () => {
    expect(() => new Temperature(0)).toThrow(RangeError)
  })
})

describe('TopK', () => {
  it('keeps the k highest and removes the rest', () => {
    expect(applied(new TopK(2), logitsOf(0.1, 3, -1, 2, 1))).toEqual([NEG, 3, NEG, 2, NEG])
  })
  it('keeps ties with the k-th value', () => {
    expect(applied(new TopK(2), logitsOf(1, 3, 1, 0))).toEqual([1, 3, 1, NEG])
  })
  it('changes nothing when k covers the vocabulary', () => {
    expect(applied(new TopK(4), logitsOf(1, 2, 3, 4))).toEqual([1, 2, 3, 4])
  })
  it('finds the k-th largest like a full sort does', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, pick) => {
        const k = (pick % values.length) + 1
        const sorted = Float32Array.from(values).sort().reverse()
        // === and not Object.is: the sort puts -0 below 0, but for a logit they are the same value.
        const found = kthLargest(Float32Array.from(values), k)
        expect(found === sorted[k - 1], `${found} vs ${sorted[k - 1]}`).toBe(true)
      }),
    )
  })
})

describe('TopP', () => {
  it('keeps the smallest set reaching p', () => {
    // 0.5 alone is under 0.8; 0.5 + 0.3 reaches it: the rest goes.
    const kept = applied(new TopP(0.8), fromProbabilities(0.15, 0.5, 0.05, 0.3))
    expect(kept.map((v) => v > NEG)).toEqual([false, true, false, true])
    // Just above 0.8 the third most likely token is needed too.
    const more = applied(new TopP(0.81), fromProbabilities(0.15, 0.5, 0.05, 0.3))
    expect(more.map((v) => v > NEG)).toEqual([true, true, false, true])
  })
  it('always keeps the most likely token, and ignores tokens already removed', () => {
    expect(applied(new TopP(0.01), logitsOf(0, 5, NEG, 1)).map((v) => v > NEG)).toEqual([false, true, false, false])
  })
  it('agrees with a full-sort implementation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        (values, p) => {
          const logits = Float32Array.from(values)
          const max = Math.max(...logits)
          const order = [...logits.keys()].sort((a, b) => logits[b] - logits[a])
          const total = order.reduce((sum, i) => sum + Math.exp(logits[i] - max), 0)
          let mass = 0
          let threshold = max
          for (const i of order) {
            if (mass >= p * total) break
            threshold = logits[i]
            mass += Math.exp(logits[i] - max)
          }
          const expected = Array.from(logits, (v) => (v < threshold ? NEG : v))
          expect(applied(new TopP(p), logits)).toEqual(expected)
        },
      ),
    )
  })
})

describe('MinP', () => {
  it('removes tokens under minP times the top probability', () => {
    // Top is 0.5, so the bar is 0.1: 0.05 goes, 0.15 stays.
    expect(applied(new MinP(0.2), fromProbabilities(0.5, 0.3, 0.15, 0.05)).map((v) => v > NEG)).toEqual([true, true, true, false])
  })
  it('is off at 0', () => {
    expect(applied(new MinP(0), logitsOf(10, -10))).toEqual([10, -10])
  })
})

describe('RepetitionPenalty', () => {
  it('divides positive and multiplies negative logits of tokens already seen', () => {
    const penalty = new RepetitionPenalty(2, 4, [0, 1, 1])
    expect(applied(penalty, logitsOf(2, -2, 1, 3))).toEqual([1, -4, 1, 3])
  })
  it('learns generated tokens', () => {
    const penalty = new RepetitionPenalty(2, 4, [])
    penalty.accept(3)
    penalty.accept(3)
    expect(applied(penalty, logitsOf(2, -2, 1, 3))).toEqual([2, -2, 1, 1.5])
  })
})

describe('NoRepeatNgram', () => {
  it('bans the token that would repeat a bigram', () => {
    // "5 6 7 5": after 5 came 6 once, so 6 may not follow 5 again.
    const blocker = new NoRepeatNgram(2, [5, 6, 7, 5])
    expect(applied(blocker, new Float32Array(8)).map((v) => v > NEG)).toEqual([true, true, true, true, true, true, false, true])
  })
  it('tracks generated tokens incrementally for trigrams', () => {
    const blocker = new NoRepeatNgram(3, [1, 2, 3])
    blocker.accept(1)
    expect(applied(blocker, new Float32Array(5))).toEqual([0, 0, 0, 0, 0])
    blocker.accept(2)
    // "1 2" was followed by 3: 3 is banned now.
    expect(applied(blocker, new Float32Array(5))).toEqual([0, 0, 0, NEG, 0])
    blocker.accept(4)
    expect(applied(blocker, new Float32Array(5))).toEqual([0, 0, 0, 0, 0])
  })
  it('with n = 1 bans every token seen', () => {
    const blocker = new NoRepeatNgram(1, [0, 2])
    expect(applied(blocker, new Float32Array(3))).toEqual([NEG, 0, NEG])
  })
  it('does nothing before n - 1 tokens exist', () => {
    expect(applied(new NoRepeatNgram(3, [1]), new Float32Array(3))).toEqual([0, 0, 0])
  })
})

describe('BadWords', () => {
  it('always bans single tokens and bans the end of a sequence once its start is there', () => {
    const bans = new BadWords([[4], [1, 2], [0, 1, 3]], [0])
    expect(applied(bans, new Float32Array(5))).toEqual([0, 0, 0, 0, NEG])
    bans.accept(1)
    // "1" ends the sequence so far: 2 (from [1, 2]) and 3 (from [0, 1, 3]) are banned.
    expect(applied(bans, new Float32Array(5))).toEqual([0, 0, NEG, NEG, NEG])
    bans.accept(2)
    expect(applied(bans, new Float32Array(5))).toEqual([0, 0, 0, 0, NEG])
  })
})

describe('MinNewTokens', () => {
  it('blocks end-of-text until enough tokens were generated', () => {
    const minimum = new MinNewTokens(2, [3])
    expect(applied(minimum, new Float32Array(4))).toEqual([0, 0, 0, NEG])
    minimum.accept()
    expect(applied(minimum, new Float32Array(4))).toEqual([0, 0, 0, NEG])
    minimum.accept()
    expect(applied(minimum, new Float32Array(4))).toEqual([0, 0, 0, 0])
  })
})
