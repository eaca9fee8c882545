import { describe, expect, it } from 'vitest'
import { StoppingCriteria, type StoppingSettings } from '../../../../../src/main/inference/text/generation/stopping'

const base: StoppingSettings = {
  endOfTextIds: [9],
  maxNewTokens: 100,
  contextRoom: 1000,
  stopStrings: [],
  stopAtSentenceEnd: false,
  minNewTokens: 0,
}

/** Feeds pieces like the generation loop does; returns the reason and the text kept. */
function run(settings: Partial<StoppingSettings>, pieces: string[]): { reason: string | null; text: string } {
  const criteria = new StoppingCriteria({ ...base, ...settings })
  let text = ''
  let count = 0
  for (const piece of pieces) {
    const before = criteria.before(piece, count)
    if (before) return { reason: before, text }
    text += piece
    count += 1
    const after = criteria.after(text, piece, count)
    if (after) return { reason: after, text }
  }
  return { reason: null, text }
}

describe('StoppingCriteria', () => {
  it('knows end-of-text ids', () => {
    const criteria = new StoppingCriteria(base)
    expect(criteria.isEndOfText(9)).toBe(true)
    expect(criteria.isEndOfText(8)).toBe(false)
  })

  it('stops at max tokens, or when the window is full', () => {
    expect(run({ maxNewTokens: 3 }, ['a', 'b', 'c', 'd'])).toEqual({ reason: 'max-tokens', text: 'abc' })
    expect(run({ contextRoom: 2 }, ['a', 'b', 'c'])).toEqual({ reason: 'context-full', text: 'ab' })
  })

  it('stops once a stop string appears, even split across pieces', () => {
    expect(run({ stopStrings: ['THE END'] }, ['and', ' so', ' THE', ' E', 'ND', ' more'])).toEqual({
      reason: 'stop-string',
      text: 'and so THE END',
    })
    expect(run({ stopStrings: ['\n\n'] }, ['a', '\n', '\n', 'b']).reason).toBe('stop-string')
  })

  it('ends at a sentence end confirmed by the whitespace after it, which is left out', () => {
    expect(run({ stopAtSentenceEnd: true }, [' She', ' smiled', '.', ' Then', ' left'])).toEqual({
      reason: 'sentence-end',
      text: ' She smiled.',
    })
    expect(run({ stopAtSentenceEnd: true }, [' "Run', '!', '"', ' she', ' said'])).toEqual({ reason: 'sentence-end', text: ' "Run!"' })
    expect(run({ stopAtSentenceEnd: true }, ['は', '眠った', '。', '次'])).toEqual({ reason: 'sentence-end', text: 'は眠った。' })
  })

  it('does not take decimals, initials or titles for sentence ends', () => {
    expect(run({ stopAtSentenceEnd: true }, [' It', ' cost', ' 3', '.', '5', ' coins']).reason).toBeNull()
    expect(run({ stopAtSentenceEnd: true }, [' Mr', '.', ' Fox', ' and', ' J', '.', ' Doe']).reason).toBeNull()
  })

  it('waits for the minimum before a sentence end counts', () => {
    expect(run({ stopAtSentenceEnd: true, minNewTokens: 5 }, [' Hi', '.', ' Bye', '.', ' Go', ' on', '.', ' x'])).toEqual({
      reason: 'sentence-end',
      text: ' Hi. Bye. Go on.',
    })
  })
})
