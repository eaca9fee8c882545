import { describe, expect, it } from 'vitest'
import { Pcg32 } from '../../../../../src/main/inference/text/sampling/random'
import { pickGreedy, sampleToken } from '../../../../../src/main/inference/text/sampling/sampler'
import { TokenChooser } from '../../../../../src/main/inference/text/sampling/token-chooser'

describe('pickGreedy', () => {
  it('takes the highest logit, the lowest id on a tie', () => {
    expect(pickGreedy(Float32Array.from([1, 5, 2, 5]))).toBe(1)
    expect(pickGreedy(Float32Array.from([-Infinity, -3, -Infinity]))).toBe(1)
  })
})

describe('sampleToken', () => {
  it('draws tokens in proportion to their probability and never a removed one', () => {
    const probabilities = [0.1, 0.6, 0, 0.3]
    const rng = new Pcg32(123)
    const counts = [0, 0, 0, 0]
    const draws = 30_000
    for (let i = 0; i < draws; i++) counts[sampleToken(Float32Array.from(probabilities, Math.log), rng)] += 1
    expect(counts[2]).toBe(0)
    probabilities.forEach((p, i) => expect(Math.abs(counts[i] / draws - p)).toBeLessThan(0.015))
  })
  it('is deterministic for a seed', () => {
    const run = (seed: number) => {
      const rng = new Pcg32(seed)
      return Array.from({ length: 20 }, () => sampleToken(Float32Array.from([0, 0.5, 1, 0.2, 0.1]), rng))
    }
    expect(run(5)).toEqual(run(5))
    expect(run(5)).not.toEqual(run(6))
  })
  it('refuses logits with every token removed', () => {
    expect(() => sampleToken(Float32Array.from([-Infinity, -Infinity]), new Pcg32(1))).toThrow(RangeError)
  })
})

describe('TokenChooser', () => {
  const context = { vocabularySize: 6, endOfTextIds: [5], promptTokens: [0, 1], bannedSequences: [] }
  const settings = { greedy: false, temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0, minNewTokens: 0, seed: 9 }

  it('adds no processor for settings that change nothing', () => {
    expect(new TokenChooser(settings, context).processors).toHaveLength(0)
    expect(new TokenChooser({ ...settings, greedy: true, temperature: 0.5, topK: 3 }, context).processors).toHaveLength(0)
  })
  it('orders penalties before temperature and truncation, as transformers does', () => {
    const chooser = new TokenChooser({ ...settings, repetitionPenalty: 1.3, noRepeatNgramSize: 2, minNewTokens: 1, temperature: 0.7, topK: 3, topP: 0.9, minP: 0.05 }, context)
    expect(chooser.processors.map((p) => p.constructor.name)).toEqual(['RepetitionPenalty', 'NoRepeatNgram', 'MinNewTokens', 'Temperature', 'TopK', 'TopP', 'MinP'])
  })
  it('with greedy, still applies penalties', () => {
    const chooser = new TokenChooser({ ...settings, greedy: true, repetitionPenalty: 10 }, context)
    // Token 1 is the most likely but was in the prompt: the penalty makes 2 win.
    expect(chooser.choose(Float32Array.from([0, 3, 2, 0, 0, 0]))).toBe(2)
  })
  it('gives the same tokens for the same seed', () => {
    const run = () => {
      const chooser = new TokenChooser({ ...settings, temperature: 1.5, topK: 4 }, context)
      return Array.from({ length: 30 }, () => chooser.choose(Float32Array.from([1, 0.5, 0.2, 0.9, 0.1, -1])))
    }
    expect(run()).toEqual(run())
  })
})
