import { wordsOfSentence, type StoryAnalysis } from './analysis'
import { abstractVerbs, visualVerbs } from './lexicon/verbs'
import { atmosphereWords } from './lexicon/places'
import { quotedRanges } from './text/quotes'
import { countWords } from './text/words'
import { isVerbForm, toInfinitive } from './text/word-classes'

/** The sentences (indices, end exclusive) one scene covers, and the one its picture shows. */
export interface SceneChoice {
  from: number
  to: number
  key: number
}

/** A key sentence shorter than this many words takes the next one along, so the scene reads whole. */
const SHORT_SENTENCE_WORDS = 12
/** A boundary may move this fraction of a part's length to land on a paragraph break. */
const PARAGRAPH_PULL = 0.25

/**
 * Chooses `count` scenes that follow the story in order and never overlap: the story is cut into
 * `count` parts of about equal length, preferring paragraph breaks, and each part gives the
 * sentence a picture can best show (people doing things somewhere, rather than talking).
 */
export function chooseScenes(analysis: StoryAnalysis, count: number): SceneChoice[] {
  const sentences = analysis.segmentation.sentences
  const weights = sentences.map((_, index) => Math.max(1, sentenceLength(analysis, index)))
  const scores = sentences.map((_, index) => scoreSentence(analysis, index))
  return partition(analysis, weights, Math.min(count, sentences.length)).map(([from, to]) => {
    let key = from
    for (let index = from + 1; index < to; index++) if (scores[index] > scores[key]) key = index
    const extend = key + 1 < to && weights[key] < SHORT_SENTENCE_WORDS && sentences[key + 1].paragraph === sentences[key].paragraph
    return { from: key, to: extend ? key + 2 : key + 1, key }
  })
}

/** How much a sentence is worth illustrating. */
export function scoreSentence(analysis: StoryAnalysis, index: number): number {
  const words = wordsOfSentence(analysis, index)
  const sentence = analysis.segmentation.sentences[index]
  const text = analysis.story.slice(sentence.start, sentence.end)
  const cast = analysis.casts[index]
  const length = sentenceLength(analysis, index)
  let visual = 0
  let doing = 0
  for (const word of words) {
    if (!isVerbForm(word.lower)) continue
    const infinitive = toInfinitive(word.lower)
    if (visualVerbs.has(infinitive)) visual++
    else if (!abstractVerbs.has(infinitive)) doing++
  }
  const atmosphere = words.some((word) => atmosphereWords.has(word.lower)) ? 1 : 0
  return (
    1.5 * Math.min(visual, 3) +
    0.3 * Math.min(doing, 2) +
    1.0 * Math.min(cast.present.length, 3) +
    0.5 * Math.min(cast.named.length, 2) +
    (analysis.places[index] ? 1.5 : 0) +
    0.5 * atmosphere -
    2.5 * dialogueShare(text) -
    (length < 5 ? 1 : 0) -
    (length > 60 ? 1 : 0)
  )
}

/** Cuts the sentences into `parts` runs of about equal weight; boundaries prefer paragraph breaks. */
function partition(analysis: StoryAnalysis, weights: number[], parts: number): [number, number][] {
  const sentences = analysis.segmentation.sentences
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const before = [0]
  for (const weight of weights) before.push(before[before.length - 1] + weight)
  const share = total / parts
  const cuts = [0]
  for (let part = 1; part < parts; part++) {
    const lowest = cuts[cuts.length - 1] + 1
    const highest = sentences.length - (parts - part)
    const target = part * share
    let best = clamp(nearestIndex(before, target), lowest, highest)
    let bestDistance = Infinity
    for (let index = lowest; index <= highest; index++) {
      const distance = Math.abs(before[index] - target)
      if (distance > share * PARAGRAPH_PULL) {
        if (before[index] > target) break
        continue
      }
      if (sentences[index].paragraph !== sentences[index - 1].paragraph && distance < bestDistance) {
        best = index
        bestDistance = distance
      }
    }
    cuts.push(best)
  }
  cuts.push(sentences.length)
  return cuts.slice(0, -1).map((from, index) => [from, cuts[index + 1]])
}

/** The index whose running total is closest to `target` (binary search over sorted totals). */
function nearestIndex(totals: number[], target: number): number {
  let low = 0
  let high = totals.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (totals[middle] < target) low = middle + 1
    else high = middle
  }
  return low > 0 && target - totals[low - 1] < totals[low] - target ? low - 1 : low
}

/** Words in a sentence; a Chinese character counts as two-thirds of one. */
export function sentenceLength(analysis: StoryAnalysis, index: number): number {
  return countWords(wordsOfSentence(analysis, index))
}

/** The share of a sentence inside quotation marks: talk is hard to draw. */
function dialogueShare(text: string): number {
  const quoted = quotedRanges(text).reduce((sum, range) => sum + range.end - range.start, 0)
  return text.length === 0 ? 0 : quoted / text.length
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}
