import { capitalize } from './characters/candidates'
import type { SentenceCast } from './characters/presence'
import { abstractVerbs, determiners, pronouns, visualVerbs } from './lexicon/verbs'
import { isInside, quotedRanges } from './text/quotes'
import type { Word } from './text/words'
import { isAdjective, isFunctionWord, isVerbForm, tagsOf, toGerund, toInfinitive, toPresent } from './text/word-classes'

/** What a scene's picture shows, as a prompt phrase and as a title. */
export interface Action {
  /** "Gretel pushing the witch into the oven". */
  phrase: string
  /** "Gretel pushes the witch into the oven". */
  title: string
}

const MAX_OBJECT_WORDS = 7
const MAX_SUBJECT_WORDS = 5
const MAX_TITLE_WORDS = 8
/** Words that end the object of a verb: a new clause starts. */
const CLAUSE_WORDS = new Set(['and', 'but', 'or', 'when', 'while', 'because', 'that', 'which', 'who', 'whom', 'where', 'so', 'until', 'till', 'as', 'if', 'though', 'although', 'then', 'for', 'before', 'after', 'since', 'than'])
/** Words a title should not end on. */
const DANGLING = new Set([...determiners, 'of', 'to', 'in', 'into', 'on', 'at', 'with', 'by', 'from', 'for', 'and', 'or', 'up', 'out'])

/**
 * The picture of an English sentence: its most visual verb (a verb of doing rather than saying),
 * who does it (the nearest name or linked pronoun before it) and what to (the words after it up
 * to the end of the clause). "Then she let down her long golden hair" with "she" linked to
 * Rapunzel gives "Rapunzel letting down her long golden hair".
 */
export function actionOfSentence(story: string, words: readonly Word[], cast: SentenceCast): Action {
  const verbIndex = bestVerb(story, words)
  // Nothing happening ("There was once a girl called Gretel"): draw who is there.
  if (verbIndex === undefined) return cast.present.length > 0 ? { phrase: cast.present.slice(0, 3).join(' and '), title: capitalize(trimTitle(words.map((word) => word.text))) } : fallbackAction(words, cast)
  const verb = words[verbIndex]
  const subject = subjectBefore(story, words, verbIndex, cast) ?? cast.present.slice(0, 2).join(' and ')
  const object = objectAfter(story, words, verbIndex, cast)
  const phrase = [subject, toGerund(verb.lower), ...object].filter(Boolean).join(' ')
  const plural = / and /.test(subject) || cast.pronouns.get(words[verbIndex - 1]?.start ?? -1)?.length === 2
  const titleWords = [subject, plural ? toInfinitive(verb.lower) : toPresent(verb.lower), ...object].filter(Boolean).join(' ').split(' ')
  return { phrase, title: capitalize(trimTitle(titleWords)) }
}

/** A sentence without a verb the lexicon knows (another language, a fragment): its first words. */
export function fallbackAction(words: readonly Word[], cast: SentenceCast): Action {
  const head = words.slice(0, MAX_OBJECT_WORDS + 1).map((word) => word.text)
  const names = cast.present.filter((name) => !head.some((word) => word.toLowerCase() === name.toLowerCase()))
  const phrase = [...names.slice(0, 2), ...head].join(' ')
  return { phrase, title: capitalize(trimTitle(head.length > 0 ? head : names)) }
}

/** Words before which a verb form is a noun: "any rest", "no dance". */
const NOUN_OPENERS = new Set([...determiners, 'any', 'no', 'every', 'each', 'all', 'both', 'much'])

/**
 * The first verb of the highest rank: visual, then any other verb of doing; never say/think/be,
 * and never inside quotation marks: what a character says is not what the picture shows.
 */
function bestVerb(story: string, words: readonly Word[]): number | undefined {
  const quoted = words.length === 0 ? [] : quotedRanges(story.slice(words[0].start, words[words.length - 1].end), words[0].start)
  let best: number | undefined
  let bestRank = 0
  words.forEach((word, index) => {
    if (!looksLikeVerb(word.lower)) return
    const previous = words[index - 1]?.lower
    // "the walk", "a little dance": a verb form used as a noun.
    if (previous && (NOUN_OPENERS.has(previous) || (isAdjective(previous) && !isVerbForm(previous)))) return
    const infinitive = toInfinitive(word.lower)
    const inQuotes = isInside(quoted, word.start)
    const rank = abstractVerbs.has(infinitive) || inQuotes ? 0 : visualVerbs.has(infinitive) ? 2 : 1
    if (rank > bestRank) {
      best = index
      bestRank = rank
    }
  })
  return best
}

function looksLikeVerb(lower: string): boolean {
  if (pronouns.has(lower) || determiners.has(lower)) return false
  if (isVerbForm(lower)) return !tagsOf(lower).some((tag) => tag === 'Adjective' || tag === 'Singular' || tag === 'Plural')
  // Regular past tenses the lexicon does not list ("tiptoed").
  return lower.length > 4 && lower.endsWith('ed') && tagsOf(lower).length === 0
}

/** Words of time that open a sentence ("One day", "That night") and are no part of its subject. */
const TIME_NOUNS = new Set(['day', 'days', 'morning', 'evening', 'night', 'afternoon', 'time', 'times', 'year', 'years', 'week', 'while', 'moment', 'hour', 'upon', 'once', 'last'])
/** Relative pronouns: "the girl who ran" has "the girl" as the subject of "ran". */
const RELATIVES = new Set(['who', 'that', 'which'])

/** Names, nouns and their adjectives right before the verb, with pronouns replaced by who they are. */
function subjectBefore(story: string, words: readonly Word[], verbIndex: number, cast: SentenceCast): string | undefined {
  const kept: string[] = []
  let index = verbIndex - 1
  if (index >= 0 && RELATIVES.has(words[index].lower)) index--
  for (; index >= 0 && kept.length < MAX_SUBJECT_WORDS; index--) {
    const word = words[index]
    if (/[,;:“”"«»()—]/.test(story.slice(word.end, words[index + 1].start))) break
    const linked = cast.pronouns.get(word.start)
    if (linked) {
      kept.unshift(linked.join(' and '))
      break
    }
    if (pronouns.has(word.lower) || TIME_NOUNS.has(word.lower)) break
    // "wanted to climb", "began to run": the subject is before the first verb.
    if (kept.length === 0 && words[index + 1]?.lower === 'to' && isVerbForm(word.lower)) continue
    const nounLike = !isFunctionWord(word.lower) && (!isVerbForm(word.lower) || isAdjective(word.lower) || /^\p{Lu}/u.test(word.text))
    if (word.lower === 'and' || determiners.has(word.lower) || nounLike) kept.unshift(word.text)
    // Auxiliaries and adverbs between subject and verb ("had quickly") are skipped; anything else ends it.
    else if (kept.length > 0 || !isFunctionWord(word.lower)) break
  }
  // Drop what cannot open a subject: "and", "then", a stray article with nothing after it.
  while (kept.length > 0 && (CLAUSE_WORDS.has(kept[0].toLowerCase()) || (isFunctionWord(kept[0].toLowerCase()) && !determiners.has(kept[0].toLowerCase())))) kept.shift()
  return kept.length > 0 && !(kept.length === 1 && determiners.has(kept[0].toLowerCase())) ? kept.join(' ') : undefined
}

/** The words after the verb up to the end of its clause, object pronouns replaced by names. */
function objectAfter(story: string, words: readonly Word[], verbIndex: number, cast: SentenceCast): string[] {
  const kept: string[] = []
  for (let index = verbIndex + 1; index < words.length && kept.length < MAX_OBJECT_WORDS; index++) {
    if (/[,;:.!?“”"«»()—]/.test(story.slice(words[index - 1].end, words[index].start))) break
    const word = words[index]
    if (CLAUSE_WORDS.has(word.lower)) break
    // "to gather berries" is a purpose, not part of the picture.
    if (word.lower === 'to' && index + 1 < words.length && isVerbForm(words[index + 1].lower) && !isFunctionWord(words[index + 1].lower)) break
    const linked = cast.pronouns.get(word.start)
    // "her" before a noun is a possessive ("her hair") and stays; "him", "them", "her." become names.
    const possessive = word.lower === 'her' && index + 1 < words.length && !CLAUSE_WORDS.has(words[index + 1].lower)
    kept.push(linked && !possessive && ['him', 'her', 'them'].includes(word.lower) ? linked.join(' and ') : word.text)
  }
  while (kept.length > 0 && DANGLING.has(kept[kept.length - 1].toLowerCase())) kept.pop()
  return kept
}

function trimTitle(words: readonly string[]): string {
  const kept = words.slice(0, MAX_TITLE_WORDS)
  while (kept.length > 1 && DANGLING.has(kept[kept.length - 1].toLowerCase())) kept.pop()
  return kept.join(' ')
}
