import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import type { TextRange } from './segment'

/** A word of Chinese text with its part of speech and offsets into the text. */
export interface TaggedWord extends TextRange {
  text: string
  /**
   * jieba's tag (ICTCLAS set): n noun, nr person name, ns place name, s place word, v verb, a
   * adjective, m numeral, x anything its dictionary lacks (new words, punctuation), ...
   */
  tag: string
}

let jieba: Jieba | undefined

/**
 * Segments Chinese into words and tags each one, with jieba (its dictionary and HMM for new
 * words such as unseen names). The dictionary loads once, on first use (about 150 ms).
 */
export function tagChinese(text: string, offset = 0): TaggedWord[] {
  jieba ??= Jieba.withDict(dict)
  const words: TaggedWord[] = []
  let cursor = 0
  for (const { word, tag } of jieba.tag(text, true)) {
    // jieba returns the text cut into consecutive words; find each in case it normalised spacing.
    const at = text.indexOf(word, cursor)
    if (at === -1) continue
    words.push({ text: word, tag, start: offset + at, end: offset + at + word.length })
    cursor = at + word.length
  }
  return words
}

/** Whether a word is Han characters only (no punctuation, digits or Latin letters). */
export function isHanWord(word: string): boolean {
  return /^\p{Script=Han}+$/u.test(word)
}
