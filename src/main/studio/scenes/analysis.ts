import type { Character, StoryLanguage } from '../../../shared/contract'
import { castWithBible, detectCast } from './characters/cast'
import type { SentenceCast } from './characters/presence'
import { placeInChineseSentence, placeInSentence, type PlacePhrase } from './places'
import { segmentStory, type Segmentation, type Sentence } from './text/segment'
import { isMostlyUnspaced, wordsIn, type Word } from './text/words'
import { tagsOf } from './text/word-classes'

/** Everything extraction and editing know about a story, computed once per call. */
export interface StoryAnalysis {
  story: string
  segmentation: Segmentation
  words: Word[]
  /** Each sentence's words, as a range of indices into `words`. */
  sentenceWords: { from: number; to: number }[]
  casts: SentenceCast[]
  /** The place each sentence names, if any. */
  places: (PlacePhrase | undefined)[]
  /** Chinese or Japanese: no spaces, no English word classes. */
  unspaced: boolean
  /** Whether the English lexicons can read the story (an English story, not French or German). */
  english: boolean
  characters: Character[]
}

/**
 * Segments the story and places its characters: those of `bible` when given (a person may have
 * renamed or described them), else the ones the story itself shows. `language` says what the
 * text alone may not (a Chinese story full of English names); by default the text decides.
 */
export function analyzeStory(story: string, bible?: readonly Character[], language?: StoryLanguage): StoryAnalysis {
  const segmentation = segmentStory(story)
  const words = wordsIn(story)
  const unspaced = language ? language === 'zh' : isMostlyUnspaced(story)
  const detected = bible ? { characters: [...bible], casts: castWithBible(story, segmentation, words, bible) } : detectCast(story, segmentation, words, unspaced)
  const sentenceWords = wordRanges(segmentation.sentences, words)
  const places = segmentation.sentences.map((sentence, index) =>
    unspaced
      ? placeInChineseSentence(story.slice(sentence.start, sentence.end), sentence.start)
      : placeInSentence(story, words.slice(sentenceWords[index].from, sentenceWords[index].to)),
  )
  return {
    story,
    segmentation,
    words,
    sentenceWords,
    casts: detected.casts,
    places,
    unspaced,
    english: !unspaced && looksEnglish(words),
    characters: detected.characters,
  }
}

/** The words of sentence `index`. */
export function wordsOfSentence(analysis: StoryAnalysis, index: number): Word[] {
  const range = analysis.sentenceWords[index]
  return analysis.words.slice(range.from, range.to)
}

function wordRanges(sentences: readonly Sentence[], words: readonly Word[]): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = []
  let cursor = 0
  for (const sentence of sentences) {
    while (cursor < words.length && words[cursor].start < sentence.start) cursor++
    const from = cursor
    while (cursor < words.length && words[cursor].end <= sentence.end) cursor++
    ranges.push({ from, to: cursor })
  }
  return ranges
}

/** English when most of a sample of its words are in the English lexicon. */
function looksEnglish(words: readonly Word[]): boolean {
  const sample = words.slice(0, 2_000)
  if (sample.length === 0) return true
  const known = sample.filter((word) => tagsOf(word.lower).length > 0).length
  return known >= sample.length * 0.4
}
