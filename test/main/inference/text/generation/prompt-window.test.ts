import { describe, expect, it } from 'vitest'
import { fitPromptToWindow, type PromptTokenizer } from '../../../../../src/main/inference/text/generation/prompt-window'
import type { TextTokenizer } from '../../../../../src/main/inference/text/tokenizer'
import { fixtureTokenizer, gpt2Tokenizer, hasGpt2Data } from '../tokenizers'
import { prerequisite } from '../../../../prerequisites'

/** Records the length of every text handed to the tokenizer. */
function recording(tokenizer: TextTokenizer): PromptTokenizer & { encoded: number[] } {
  const encoded: number[] = []
  return {
    encoded,
    encode: (text) => (encoded.push(text.length), tokenizer.encode(text)),
    decode: (ids) => tokenizer.decode(ids),
  }
}

const story = 'Once upon a time, a small dragon lived by the sea. Every morning she counted the waves. '

describe('fitPromptToWindow', () => {
  const tokenizer = fixtureTokenizer()

  it('keeps a prompt that fits whole, tokenized once', () => {
    const spy = recording(tokenizer)
    const window = fitPromptToWindow(spy, story, 100)
    expect(window).toEqual({ ids: tokenizer.encode(story), trimmedChars: 0, trimmedTokens: 0 })
    expect(spy.encoded).toEqual([story.length])
  })

  it('keeps exactly the last `budget` tokens of a prompt a little too long', () => {
    const ids = tokenizer.encode(story)
    const window = fitPromptToWindow(tokenizer, story, 10)
    // The window starts at the word boundary nearest to where the last 10 tokens begin.
    expect(window.ids).toEqual(tokenizer.encode(story.slice(window.trimmedChars)))
    expect(window.ids.length).toBeLessThanOrEqual(10)
    expect(window.ids).toEqual(ids.slice(-window.ids.length))
    expect(story[window.trimmedChars]).toBe(' ')
    expect(window.trimmedTokens).toBe(ids.length - window.ids.length)
  })

  it('cuts a 100k-character prompt to its tail before tokenizing it', () => {
    const long = story.repeat(Math.ceil(100_000 / story.length))
    const spy = recording(tokenizer)
    const window = fitPromptToWindow(spy, long, 96)
    expect(window.ids.length).toBeLessThanOrEqual(96)
    expect(window.ids.length).toBeGreaterThan(90)
    // Never more than 16 characters per token of budget reach the tokenizer.
    expect(Math.max(...spy.encoded)).toBeLessThanOrEqual(96 * 16)
    expect(long.endsWith(tokenizer.decode(window.ids))).toBe(true)
    expect(window.trimmedChars).toBeGreaterThan(long.length - 96 * 16)
    // The estimate of the dropped tokens is in the right range.
    const all = tokenizer.encode(long).length
    expect(Math.abs(window.trimmedTokens - (all - 96)) / all).toBeLessThan(0.05)
  })

  it('widens the cut when the text is denser in tokens than expected', () => {
    // Unusual characters cost several byte-level tokens each.
    const dense = '龍鱗雲霧'.repeat(5000)
    const spy = recording(tokenizer)
    const window = fitPromptToWindow(spy, dense, 200)
    expect(window.ids.length).toBeLessThanOrEqual(200)
    expect(window.ids.length).toBeGreaterThan(190)
    expect(spy.encoded.length).toBeGreaterThan(2)
    expect(tokenizer.decode(window.ids)).toBe(dense.slice(window.trimmedChars))
  })

  it('never starts the window inside a multi-byte character', () => {
    for (const text of ['🐉'.repeat(300), 'e\u0301'.repeat(400), '竜'.repeat(500)]) {
      const window = fitPromptToWindow(tokenizer, text, 33)
      expect(tokenizer.decode(window.ids)).toBe(text.slice(window.trimmedChars))
      expect(tokenizer.decode(window.ids)).not.toContain('\uFFFD')
      expect(window.ids.length).toBeLessThanOrEqual(33)
      expect(window.ids.length).toBeGreaterThan(25)
    }
  })

  it.skipIf(!prerequisite('the GPT-2 tokenizer in ../shared/data/gpt2', hasGpt2Data))('fits real text with the real GPT-2 tokenizer', () => {
    const gpt2 = gpt2Tokenizer()
    const long = story.repeat(1500)
    const spy = recording(gpt2)
    const window = fitPromptToWindow(spy, long, 1000)
    expect(window.ids.length).toBeLessThanOrEqual(1000)
    expect(window.ids.length).toBeGreaterThan(990)
    expect(Math.max(...spy.encoded)).toBeLessThanOrEqual(16_000)
    expect(gpt2.decode(window.ids)).toBe(long.slice(window.trimmedChars))
  })
})
