import { atmosphereWords, chinesePlaces, englishPlaces, placePrepositions } from './lexicon/places'
import { determiners } from './lexicon/verbs'
import type { Word } from './text/words'
import { isAdjective } from './text/word-classes'

/** Where a sentence happens, as a prompt phrase ("in the dark forest"). */
export interface PlacePhrase {
  phrase: string
  offset: number
}

const SHAPELESS = new Set(['other', 'same', 'own', 'whole', 'very', 'next', 'last', 'first', 'only', 'such'])
/** Possessive pronouns make no sense in a prompt: "in her kitchen" is drawn as "in the kitchen". */
const NEUTRAL_DETERMINER = new Map([['his', 'the'], ['her', 'the'], ['their', 'the'], ['its', 'the'], ['my', 'the'], ['our', 'the'], ['your', 'the'], ['this', 'the'], ['that', 'the'], ['these', 'the'], ['those', 'the'], ['some', 'a'], ['one', 'a']])

/**
 * The last place a sentence names: a place noun with its determiner ("the forest", "a little
 * cottage", "grandmother's house"), the adjectives before it and the preposition before those.
 * A determiner is required, so "as well" is never a well.
 */
export function placeInSentence(story: string, words: readonly Word[]): PlacePhrase | undefined {
  let found: PlacePhrase | undefined
  for (let index = 0; index < words.length; index++) {
    const noun = words[index].lower
    if (!englishPlaces.has(noun)) continue
    let first = index
    const adjectives: string[] = []
    while (first > 0 && adjectives.length < 2 && joined(story, words[first - 1], words[first]) && isAdjective(words[first - 1].lower) && !SHAPELESS.has(words[first - 1].lower)) {
      first--
      adjectives.unshift(words[first].lower)
    }
    const before = first > 0 && joined(story, words[first - 1], words[first]) ? words[first - 1] : undefined
    if (!before) continue
    const determiner = determiners.has(before.lower)
      ? (NEUTRAL_DETERMINER.get(before.lower) ?? before.lower)
      : /['’]s$/.test(before.lower)
        ? before.lower.replace(/’/g, "'")
        : undefined
    if (!determiner) continue
    const preposition = first > 1 && joined(story, words[first - 2], before) ? placePrepositions.get(words[first - 2].lower) : undefined
    const article = determiner === 'a' && /^[aeiou]/.test([...adjectives, noun][0]) ? 'an' : determiner === 'an' && !/^[aeiou]/.test([...adjectives, noun][0]) ? 'a' : determiner
    found = { phrase: [preposition ?? 'in', article, ...adjectives, noun].join(' '), offset: words[index].start }
  }
  return found
}

/** The last place word of a Chinese sentence, longest match first, as an English phrase. */
export function placeInChineseSentence(sentence: string, offset: number): PlacePhrase | undefined {
  let found: PlacePhrase | undefined
  for (const [word, english] of chinesePlaces) {
    const at = sentence.lastIndexOf(word)
    if (at === -1) continue
    if (!found || offset + at > found.offset) found = { phrase: `in the ${english}`, offset: offset + at }
  }
  return found
}

/** Light and weather words ("at night", "snowy") the text of a span mentions, first ones first. */
export function atmosphereOf(text: string, words: readonly Word[]): string[] {
  const found: string[] = []
  for (const word of words) {
    const phrase = atmosphereWords.get(word.lower)
    if (phrase && !found.includes(phrase)) found.push(phrase)
  }
  for (const [word, phrase] of atmosphereWords) {
    if (/^\p{Script=Han}/u.test(word) && text.includes(word) && !found.includes(phrase)) found.push(phrase)
  }
  return found
}

/** Two words are one phrase when only spaces separate them. */
function joined(story: string, left: Word, right: Word): boolean {
  return /^\s+$/.test(story.slice(left.end, right.start))
}
