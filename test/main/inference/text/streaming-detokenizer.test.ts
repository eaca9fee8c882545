import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StreamingDetokenizer } from '../../../../src/main/inference/text/streaming-detokenizer'
import type { TextTokenizer } from '../../../../src/main/inference/text/tokenizer'
import { fixtureTokenizer, gpt2Tokenizer, hasGpt2Data } from './tokenizers'

function stream(tokenizer: TextTokenizer, ids: number[]): string[] {
  const detokenizer = new StreamingDetokenizer((part) => tokenizer.decode(part))
  const pieces = ids.map((id) => detokenizer.push(id))
  pieces.push(detokenizer.flush())
  return pieces
}

/** Text without U+FFFD of its own, so any U+FFFD seen would come from a split character. */
const story = fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('\uFFFD'))

function checks(name: string, tokenizer: () => TextTokenizer, vocabularySize: number) {
  describe(`StreamingDetokenizer (${name})`, () => {
    const t = tokenizer()

    it('streams text that equals the one-shot decode and never shows U+FFFD', () => {
      fc.assert(
        fc.property(story, (text) => {
          const pieces = stream(t, t.encode(text))
          expect(pieces.join('')).toBe(text)
          for (const piece of pieces) expect(piece).not.toContain('\uFFFD')
        }),
        { numRuns: 300 },
      )
    })

    it('equals the one-shot decode for any token sequence, even invalid UTF-8', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: vocabularySize - 1 }), { maxLength: 40 }), (ids) => {
          expect(stream(t, ids).join('')).toBe(t.decode(ids))
        }),
        { numRuns: 300 },
      )
    })

    it('holds a split emoji back until it completes', () => {
      // One byte-level token per UTF-8 byte of 😀: only the fourth completes the character.
      const ids = [...new TextEncoder().encode('😀')].map((byte) => byteId(t, byte))
      expect(t.decode(ids)).toBe('😀')
      const detokenizer = new StreamingDetokenizer((part) => t.decode(part))
      expect(ids.map((id) => detokenizer.push(id))).toEqual(['', '', '', '😀'])
      expect(detokenizer.flush()).toBe('')
    })
  })
}

/** The id of a raw byte's token, through GPT-2's byte-to-character table (bytes_to_unicode). */
function byteId(t: TextTokenizer, byte: number): number {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255)
  let extra = 0
  let char = byte
  if (!printable(byte)) {
    for (let b = 0; b < byte; b++) if (!printable(b)) extra += 1
    char = 256 + extra
  }
  const id = t.tokenId(String.fromCodePoint(char))
  if (id === undefined) throw new Error(`no token for byte ${byte}`)
  return id
}

checks('fixture tokenizer', fixtureTokenizer, 512)
if (hasGpt2Data) checks('real GPT-2 tokenizer', gpt2Tokenizer, 50257)
