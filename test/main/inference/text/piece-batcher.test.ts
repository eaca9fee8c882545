import { describe, expect, it } from 'vitest'
import { PieceBatcher } from '../../../../src/main/inference/text/piece-batcher'

/** A batcher on a hand-moved clock, recording what it sends. */
function batcher(intervalMs: number) {
  let now = 0
  const sent: [string, number][] = []
  const b = new PieceBatcher((text, index) => sent.push([text, index]), intervalMs, () => now)
  return { b, sent, at: (ms: number) => (now = ms) }
}

describe('PieceBatcher', () => {
  it('sends the first piece at once, then joins pieces until the interval has passed', () => {
    const { b, sent, at } = batcher(33)
    b.push('Once')
    expect(sent).toEqual([['Once', 0]])
    at(10)
    b.push(' upon')
    at(20)
    b.push(' a')
    expect(sent).toHaveLength(1)
    at(33)
    b.push(' time')
    expect(sent).toEqual([
      ['Once', 0],
      [' upon a time', 1],
    ])
  })

  it('counts the interval from the last send, and flush sends what waits', () => {
    const { b, sent, at } = batcher(33)
    b.push('a')
    at(40)
    b.push('b')
    at(60)
    b.push('c')
    b.flush()
    b.flush()
    expect(sent).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ])
  })

  it('sends every piece on its own with a zero interval, skipping empty ones', () => {
    const { b, sent } = batcher(0)
    for (const piece of ['x', '', 'y']) b.push(piece)
    b.flush()
    expect(sent).toEqual([
      ['x', 0],
      ['y', 1],
    ])
  })

  it('sends the joined text unchanged: nothing is lost or reordered', () => {
    const { b, sent, at } = batcher(33)
    const pieces = Array.from({ length: 200 }, (_, i) => `${i},`)
    pieces.forEach((piece, i) => {
      at(i * 7)
      b.push(piece)
    })
    b.flush()
    expect(sent.map(([text]) => text).join('')).toBe(pieces.join(''))
    expect(sent.map(([, index]) => index)).toEqual(sent.map((_, i) => i))
    expect(sent.length).toBeLessThan(50)
  })
})
