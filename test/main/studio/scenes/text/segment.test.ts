import { describe, expect, it } from 'vitest'
import { MAX_SENTENCE_CHARS, segmentStory } from '../../../../../src/main/studio/scenes/text/segment'
import { grimmBook, hasCorpus } from '../corpus-tales'
import { chineseStory, unpunctuatedStory } from '../stories'
import { prerequisite } from '../../../../prerequisites'

const textsOf = (story: string) => segmentStory(story).sentences.map((range) => story.slice(range.start, range.end))

describe('segmentStory', () => {
  it('finds sentences with offsets into the story, trimmed, in order', () => {
    const story = '  Mr. Toad went home. He was happy!\n\n“Where is it?” said she. Then they left...and more.  '
    expect(textsOf(story)).toEqual(['Mr. Toad went home.', 'He was happy!', '“Where is it?” said she.', 'Then they left...and more.'])
    const { sentences, paragraphs } = segmentStory(story)
    expect(paragraphs.map((range) => story.slice(range.start, range.end))).toEqual(['Mr. Toad went home. He was happy!', '“Where is it?” said she. Then they left...and more.'])
    expect(sentences.map((sentence) => sentence.paragraph)).toEqual([0, 0, 1, 1])
  })

  it('reads hard-wrapped lines as one paragraph and breaks only at sentence ends', () => {
    const story = 'There was once a miller who was\npoor, but he had a beautiful\ndaughter. She could spin straw\ninto gold.'
    expect(textsOf(story)).toEqual(['There was once a miller who was\npoor, but he had a beautiful\ndaughter.', 'She could spin straw\ninto gold.'])
  })

  it('splits Chinese at its own full stops', () => {
    expect(textsOf(chineseStory).slice(0, 3)).toEqual(['从前，有一个小女孩叫小红。', '小红住在森林旁边的小屋里。', '有一天，小红去森林里采花。'])
  })

  it('cuts a story without full stops into units no longer than the limit', () => {
    const { sentences } = segmentStory(unpunctuatedStory)
    expect(sentences.length).toBeGreaterThan(5)
    for (const sentence of sentences) expect(sentence.end - sentence.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS)
    expect(sentences.map((range) => unpunctuatedStory.slice(range.start, range.end)).join(' ').replace(/\s+/g, ' ')).toBe(unpunctuatedStory)
    const unspaced = '狼'.repeat(5_000)
    expect(segmentStory(unspaced).sentences.every((range) => range.end - range.start <= MAX_SENTENCE_CHARS)).toBe(true)
  })

  it.skipIf(!prerequisite('the corpus in ../shared/data/corpus', hasCorpus))('gives the same sentences for a long paragraph as for its pieces (chunking is invisible)', () => {
    const text = grimmBook(400_000).slice(200_000).replace(/\s+/g, ' ')
    const pieces = text.split(/(?<=(?<!\b(?:Mr|Mrs|Dr|St))\. )(?=[A-Z])/).reduce<string[]>((chunks, sentence) => {
      if (chunks.length === 0 || chunks[chunks.length - 1].length > 1_000) chunks.push(sentence)
      else chunks[chunks.length - 1] += sentence
      return chunks
    }, [])
    const whole = textsOf(text)
    const separately = pieces.flatMap((piece) => textsOf(piece))
    // Chunk edges only ever fall on sentence ends, so both ways agree sentence for sentence.
    expect(whole.length).toBeGreaterThan(1_000)
    expect(whole).toEqual(separately)
  })
})
