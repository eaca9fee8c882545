import { englishRoles } from '../lexicon/roles'
import { withoutPossessive, type Word } from '../text/words'
import { isCalendarOrPlaceName, isFunctionWord, nameGender, tagsOf, toSingular } from '../text/word-classes'
import { Tally, type CharacterCandidate } from './candidates'
import { genderFromName } from './gender'

/**
 * Named characters of a story in a capitalising script: runs of capitalised words ("Gretel",
 * "Little Red-Cap", "Mr. Toad") that recur, that are capitalised in the middle of sentences, and
 * whose lowercase form the story does not use as an ordinary word ("Then", "Poor").
 */
export function detectNamedCharacters(story: string, words: readonly Word[], minMentions: number): CharacterCandidate[] {
  const lowercase = new Tally()
  const capitalisedInside = new Tally()
  for (const word of words) {
    if (!/^\p{Lu}/u.test(word.text)) lowercase.add(withoutPossessive(word.lower), word.start)
    else if (!startsSentence(story, word.start)) capitalisedInside.add(withoutPossessive(word.lower), word.start)
  }
  // A sentence's first word is capitalised anyway: it starts a name only if the story mostly capitalises it.
  const ordinary = (lower: string) => lowercase.count(withoutPossessive(lower)) > capitalisedInside.count(withoutPossessive(lower))

  const runs = new Tally()
  const midSentence = new Tally()
  const afterPlaceWord = new Tally()
  for (const run of capitalisedRuns(story, words, ordinary)) {
    runs.add(run.text, run.start)
    if (!run.initial) midSentence.add(run.text, run.start)
    if (/\b(?:in|at|from|into|through|across|near)\s+(?:the\s+)?$/i.test(story.slice(Math.max(0, run.start - 16), run.start))) {
      afterPlaceWord.add(run.text, run.start)
    }
  }

  const accepted: CharacterCandidate[] = []
  for (const text of runs.ranked()) {
    const count = runs.count(text)
    const mid = midSentence.count(text)
    if (count < minMentions || afterPlaceWord.count(text) >= count * 0.6) continue
    const parts = text.split(/\s+/)
    if (parts.length === 1 && !isNameWord(text, count, mid, lowercase.count(text.toLowerCase()))) continue
    if (parts.length > 1 && mid === 0) continue
    accepted.push({
      name: text,
      aliases: [],
      kind: 'named',
      gender: genderFromName(text),
      adjectives: [],
      mentions: count,
      firstMention: runs.counts.get(text)?.first ?? 0,
    })
  }
  return foldShortForms(accepted)
}

interface Run {
  text: string
  start: number
  /** Whether the run begins a sentence or a quotation (where any word is capitalised). */
  initial: boolean
}

const HONORIFIC = /^(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle)$/
/** Capitalised words that are never characters on their own. */
const NOT_NAMES = new Set([
  'god', 'lord', 'heaven', 'heavens', 'sir', 'madam', 'madame', 'miss', 'mr', 'mrs', 'ms', 'dr', 'st',
  'master', 'mistress', 'o', 'oh', 'ah', 'alas', 'amen', 'yes', 'no', 'christmas', 'easter', 'i',
  'chapter', 'part', 'book', 'volume', 'the', 'end', 'note', 'contents', 'illustration', 'there', 'here',
])

/** Runs of capitalised words joined by single spaces (or "Mr. "), outside all-capital headings. */
function* capitalisedRuns(story: string, words: readonly Word[], ordinary: (lower: string) => boolean): Generator<Run> {
  let index = 0
  while (index < words.length) {
    if (!isCapitalised(words[index].text)) {
      index++
      continue
    }
    let end = index + 1
    // A run stops before "I", "The" and the like: "That Rumpelstiltskin I am styled" names one.
    while (end < words.length && isCapitalised(words[end].text) && !isFunctionWord(words[end].lower) && joins(story, words[end - 1], words[end])) end++
    let first = index
    let initial = startsSentence(story, words[index].start)
    while (first < end && (isFunctionWord(words[first].lower) || (initial && ordinary(words[first].lower)))) {
      first++
      initial = false
    }
    if (first < end) {
      const parts = words.slice(first, end).map((word, i, all) => (i === all.length - 1 ? stripPossessive(word.text) : word.text))
      const text = parts.map((part, i) => (HONORIFIC.test(part) && i < parts.length - 1 ? `${part}.` : part)).join(' ')
      yield { text, start: words[first].start, initial }
    }
    index = end
  }
}

/** Capitalised, and not in capitals throughout (a heading, a shout). */
function isCapitalised(text: string): boolean {
  const first = text[0]
  if (first === first.toLowerCase() || !/^\p{Lu}/u.test(first)) return false
  return text.length === 1 || text[1] === text[1].toLowerCase() || text !== text.toUpperCase()
}

/** Two capitalised words belong to one name when only a space (or "Mr." and a space) separates them. */
function joins(story: string, left: Word, right: Word): boolean {
  const gap = story.slice(left.end, right.start)
  if (/^[^\S\n]+$/.test(gap) || /^ ?\n ?$/.test(gap)) return !/['’]s$/i.test(left.text)
  return HONORIFIC.test(left.text) && /^\.\s+$/.test(gap)
}

/** Whether the word at `offset` follows a sentence end, a colon, a dash, a quote or a blank line. */
function startsSentence(story: string, offset: number): boolean {
  let index = offset - 1
  let newlines = 0
  while (index >= 0 && /\s/.test(story[index])) if (story[index--] === '\n') newlines++
  // After a blank line a new paragraph starts, even below a heading without a full stop.
  return index < 0 || newlines >= 2 || /[.!?:;“”"‘’'«»([—–-]/.test(story[index])
}

function isNameWord(text: string, count: number, mid: number, lowercaseCount: number): boolean {
  const lower = text.toLowerCase()
  if (NOT_NAMES.has(lower) || isFunctionWord(lower) || isCalendarOrPlaceName(lower)) return false
  if (englishRoles.has(lower) || englishRoles.has(toSingular(lower))) return false
  if (lowercaseCount > mid) return false
  const tags = tagsOf(lower)
  const knownName = nameGender(lower) !== undefined
  // "Silver and gold" at the start of a verse line: an adjective is no name unless the lexicon says it is.
  if (tags.includes('Adjective') && !knownName) return false
  if (mid > 0) return true
  // Only ever at the start of sentences or quotes: a name the lexicon knows, or a word it does not know.
  return knownName || (tags.length === 0 && count >= 2)
}

/**
 * "Toad" alone is "Mr. Toad"; "Red-Cap" alone is "Little Red-Cap": a one-word name that is the
 * first or last word of exactly one longer name becomes its alias and adds its mentions.
 */
function foldShortForms(candidates: CharacterCandidate[]): CharacterCandidate[] {
  const long = candidates.filter((candidate) => candidate.name.includes(' '))
  const kept: CharacterCandidate[] = []
  for (const candidate of candidates) {
    if (candidate.name.includes(' ')) {
      kept.push(candidate)
      continue
    }
    const owners = long.filter((owner) => {
      const parts = owner.name.split(' ')
      return parts[0] === candidate.name || parts[parts.length - 1] === candidate.name
    })
    if (owners.length === 1) {
      owners[0].aliases.push(candidate.name)
      owners[0].mentions += candidate.mentions
      owners[0].firstMention = Math.min(owners[0].firstMention, candidate.firstMention)
      owners[0].gender ??= candidate.gender
    } else if (owners.length === 0) kept.push(candidate)
  }
  return kept
}

function stripPossessive(text: string): string {
  return text.replace(/['’]s$/i, '')
}
