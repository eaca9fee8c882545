import nlp from 'compromise'

/**
 * English word classes from compromise's lexicon (about 25k words with their tags) and its verb
 * and noun inflection rules. Full tagging runs at ~50 µs per character, far too slow for a long
 * story, so only these lookups are used: each is a map access or a few suffix rules.
 */

interface CompromiseModel {
  one: { lexicon: Record<string, string | string[]> }
}
interface CompromiseMethods {
  two: {
    transform: {
      verb: {
        toInfinitive(word: string, model: CompromiseModel, tense?: string): string
        conjugate(infinitive: string, model: CompromiseModel): Record<string, string | undefined>
      }
      noun: { toSingular(word: string, model: CompromiseModel): string }
    }
  }
}

const model = nlp.model() as unknown as CompromiseModel
const methods = nlp.methods() as unknown as CompromiseMethods
/** The lexicon as a Map of tag lists: looked up for every word of a story, so lookups must be cheap. */
const lexicon = new Map(Object.entries(model.one.lexicon).map(([word, tags]) => [word, Array.isArray(tags) ? tags : [tags]]))
const NO_TAGS: readonly string[] = []
/** Memo tables stop growing here: a story has far fewer distinct words, a stream of junk may not. */
const MAX_REMEMBERED = 50_000

/** The lexicon's tags for a lowercase word (empty when it does not know the word). */
export function tagsOf(lower: string): readonly string[] {
  return lexicon.get(lower) ?? NO_TAGS
}

const VERB_TAGS = new Set(['PastTense', 'PresentTense', 'Infinitive', 'Gerund', 'Participle', 'Verb'])
const ADJECTIVE_TAGS = new Set(['Adjective', 'Comparative', 'Superlative'])
const FUNCTION_TAGS = new Set([
  'Determiner',
  'Pronoun',
  'Preposition',
  'Conjunction',
  'Adverb',
  'Modal',
  'QuestionWord',
  'Reflexive',
  'Copula',
  'Auxiliary',
  'Negative',
  'Expression',
])
const CALENDAR_OR_PLACE_TAGS = new Set(['WeekDay', 'Month', 'Date', 'Country', 'City', 'Region', 'Place', 'Demonym', 'Organization'])

const VERB = 1
const ADJECTIVE = 2
const FUNCTION = 4
const CALENDAR_OR_PLACE = 8

/** Each word's classes as bits, worked out once: extraction asks about every word several times. */
const classes = new Map<string, number>()

function classesOf(lower: string): number {
  let bits = classes.get(lower)
  if (bits === undefined) {
    bits = 0
    for (const tag of tagsOf(lower)) {
      if (VERB_TAGS.has(tag)) bits |= VERB
      if (ADJECTIVE_TAGS.has(tag)) bits |= ADJECTIVE
      if (FUNCTION_TAGS.has(tag)) bits |= FUNCTION
      if (CALENDAR_OR_PLACE_TAGS.has(tag)) bits |= CALENDAR_OR_PLACE
    }
    if (classes.size < MAX_REMEMBERED) classes.set(lower, bits)
  }
  return bits
}

/** Whether the lexicon knows the word as a verb form. */
export function isVerbForm(lower: string): boolean {
  return (classesOf(lower) & VERB) !== 0
}

export function isAdjective(lower: string): boolean {
  return (classesOf(lower) & ADJECTIVE) !== 0
}

/** Determiners, pronouns, prepositions, conjunctions, adverbs, interjections: never names. */
export function isFunctionWord(lower: string): boolean {
  return (classesOf(lower) & FUNCTION) !== 0
}

/** Days, months, countries, cities and regions: capitalised, but not characters. */
export function isCalendarOrPlaceName(lower: string): boolean {
  return (classesOf(lower) & CALENDAR_OR_PLACE) !== 0
}

/** The gender the lexicon gives a first name, if it knows the name. */
export function nameGender(lower: string): 'male' | 'female' | undefined {
  const tags = tagsOf(lower)
  if (tags.includes('MaleName')) return 'male'
  if (tags.includes('FemaleName')) return 'female'
  return undefined
}

/** Infinitives already worked out; a story repeats its verbs, and the inflection rules are not free. */
const infinitives = new Map<string, string>()

/** The dictionary form of a verb ("ran" -> "run", "pushes" -> "push"); the word itself if unknown. */
export function toInfinitive(lower: string): string {
  let infinitive = infinitives.get(lower)
  if (infinitive === undefined) {
    infinitive = findInfinitive(lower)
    if (infinitives.size < MAX_REMEMBERED) infinitives.set(lower, infinitive)
  }
  return infinitive
}

function findInfinitive(lower: string): string {
  const tags = tagsOf(lower)
  const tense = tags.find((tag) => VERB_TAGS.has(tag)) ?? guessTense(lower)
  if (tense === 'Infinitive') return lower
  try {
    return methods.two.transform.verb.toInfinitive(lower, model, tense) || lower
  } catch {
    return lower
  }
}

/** A verb's -ing form ("ran" -> "running"), for prompts that describe a moment. */
export function toGerund(lower: string): string {
  return conjugate(lower).Gerund ?? lower
}

/** A verb's third-person present form ("ran" -> "runs"), for titles. */
export function toPresent(lower: string): string {
  return conjugate(lower).PresentTense ?? lower
}

/** A noun's singular form ("wolves" -> "wolf"). */
export function toSingular(lower: string): string {
  try {
    return methods.two.transform.noun.toSingular(lower, model) || lower
  } catch {
    return lower
  }
}

function conjugate(lower: string): Record<string, string | undefined> {
  try {
    return methods.two.transform.verb.conjugate(toInfinitive(lower), model)
  } catch {
    return {}
  }
}

function guessTense(lower: string): string {
  if (lower.endsWith('ing')) return 'Gerund'
  if (lower.endsWith('ed')) return 'PastTense'
  if (lower.endsWith('s')) return 'PresentTense'
  return 'Infinitive'
}
