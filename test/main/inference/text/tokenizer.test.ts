import { describe, expect, it } from 'vitest'
import { fixtureTokenizer, gpt2Tokenizer, hasGpt2Data } from './tokenizers'
import { prerequisite } from '../../../prerequisites'

const samples = [
  'Hello, my dog is cute',
  'The dragon 🐉 smiled 😀👍🏽 at the 👨‍👩‍👧 family.',
  '昔々、ある村に小さな竜が住んでいました。',
  '龍說：「你好！」',
  'Cafe\u0301 nai\u0308ve Z\u0351\u0362a\u0337lgo', // combining marks stay separate code points
  '  leading spaces, trailing  \n\n\ttabs ',
  "it's don't we'll <|endoftext|> after",
]

describe.skipIf(!prerequisite('the GPT-2 tokenizer in ../shared/data/gpt2', hasGpt2Data))('TextTokenizer on the real GPT-2 vocabulary', () => {
  const tokenizer = hasGpt2Data ? gpt2Tokenizer() : null!

  it('encodes the well-known sentence', () => {
    expect(tokenizer.encode('Hello, my dog is cute')).toEqual([15496, 11, 616, 3290, 318, 13779])
  })
  it('knows <|endoftext|> as 50256, also inside text', () => {
    expect(tokenizer.tokenId('<|endoftext|>')).toBe(50256)
    expect(tokenizer.encode('a<|endoftext|>b')).toContain(50256)
  })
  it.each(samples)('decode(encode(s)) == s for %j', (text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text)
  })
  it('keeps spaces before punctuation (no clean-up on decode)', () => {
    expect(tokenizer.decode(tokenizer.encode('Wait , what ?'))).toBe('Wait , what ?')
  })
})

describe('TextTokenizer on the fixture vocabulary', () => {
  const tokenizer = fixtureTokenizer()
  it.each(samples)('decode(encode(s)) == s for %j', (text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text)
  })
  it('encodes the empty string to no tokens and decodes no tokens to the empty string', () => {
    expect(tokenizer.encode('')).toEqual([])
    expect(tokenizer.decode([])).toBe('')
  })
})
