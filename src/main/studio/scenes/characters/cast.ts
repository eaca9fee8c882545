import type { Character } from '../../../../shared/contract'
import { englishRoles } from '../lexicon/roles'
import type { Segmentation } from '../text/segment'
import { isMostlyUnspaced, type Word } from '../text/words'
import type { CharacterCandidate } from './candidates'
import { describeCharacter, findIdentity, type Identity } from './describe'
import { detectChineseCharacters } from './detect-chinese'
import { detectNamedCharacters } from './detect-named'
import { detectRoleCharacters } from './detect-roles'
import { genderFromName } from './gender'
import { findMentions, type CharacterForms, type Mention } from './mentions'
import { castOfSentences, inferGenders, type Gender, type SentenceCast } from './presence'
import { seedForName } from './seed'

/** The bible holds at most this many characters: the ones the story names most. */
export const MAX_CHARACTERS = 16
/** A description is read from the sentences of a character's first few mentions. */
const SENTENCES_DESCRIBED = 8

export interface StoryCast {
  characters: Character[]
  /** For each sentence, who is in it. */
  casts: SentenceCast[]
}

/**
 * Finds the story's main characters, describes them and places them in each sentence. `chinese`:
 * read the story as Chinese (default: when most of its letters are Chinese or Japanese).
 */
export function detectCast(story: string, segmentation: Segmentation, words: readonly Word[], chinese = isMostlyUnspaced(story)): StoryCast {
  // A short story may name its hero once; a role noun ("the man") must recur to be a character.
  const minNamed = words.length < 300 ? 1 : 2
  const found = chinese
    ? detectChineseCharacters(story, minNamed)
    : [...detectNamedCharacters(story, words, minNamed), ...detectRoleCharacters(story, words, 2)]
  const unique = uniqueByName(found)
  const identities = identify(story, segmentation, words, unique)
  const main = foldRolesIntoNames(unique, identities)
    .sort((a, b) => b.mentions - a.mentions || a.firstMention - b.firstMention)
    .slice(0, MAX_CHARACTERS)
    .sort((a, b) => a.firstMention - b.firstMention)
  const { mentions, genders } = placeCharacters(story, segmentation, words, main, main)
  const characters = main.map((candidate): Character => {
    const about = sentencesMentioning(story, segmentation, mentions, candidate.name)
    return {
      name: candidate.name,
      description: candidate.description ?? describeCharacter({ ...candidate, gender: genders.get(candidate.name) }, about, identities.get(candidate.name)),
      seed: seedForName(candidate.name),
      aliases: candidate.aliases,
    }
  })
  return { characters, casts: castOfSentences(story, segmentation.sentences, words, mentions, genders) }
}

/** Who each named character is, where the story says it ("a little girl called Gretel"). */
function identify(story: string, segmentation: Segmentation, words: readonly Word[], candidates: CharacterCandidate[]): Map<string, Identity> {
  // Only names that can make the bible are worth the look.
  const named = candidates
    .filter((candidate) => candidate.kind === 'named')
    .sort((a, b) => b.mentions - a.mentions)
    .slice(0, 2 * MAX_CHARACTERS)
  const mentions = findMentions(story, words, named)
  const identities = new Map<string, Identity>()
  for (const candidate of named) {
    const identity = findIdentity(sentencesMentioning(story, segmentation, mentions, candidate.name), candidate.name)
    if (identity) identities.set(candidate.name, identity)
  }
  return identities
}

/**
 * "A little girl called Gretel ... the girl": when exactly one named character is said to be the
 * girl, "the girl" is Gretel, not a second character. The name also takes the role's gender.
 */
function foldRolesIntoNames(candidates: CharacterCandidate[], identities: Map<string, Identity>): CharacterCandidate[] {
  const kept: CharacterCandidate[] = []
  for (const candidate of candidates) {
    const identity = identities.get(candidate.name)
    if (candidate.kind === 'named' && identity) candidate.gender ??= englishRoles.get(identity.noun)?.gender
    if (candidate.kind !== 'role' || candidate.name.includes(' ')) {
      kept.push(candidate)
      continue
    }
    const noun = candidate.name.toLowerCase()
    // "Mr. Toad" is the toad of the story, "Peter Rabbit" its rabbit.
    const titled = candidates.filter((other) => other.kind === 'named' && other.name.includes(' ') && other.name.toLowerCase().split(' ').pop() === noun)
    const owners = titled.length > 0 ? titled : candidates.filter((other) => other.kind === 'named' && identities.get(other.name)?.noun === noun)
    if (owners.length !== 1) {
      kept.push(candidate)
      continue
    }
    if (!owners[0].aliases.includes(candidate.name)) owners[0].aliases.push(candidate.name)
    owners[0].mentions += candidate.mentions
    owners[0].firstMention = Math.min(owners[0].firstMention, candidate.firstMention)
  }
  return kept
}

/** Places the characters of an existing bible (edited by a person) in each sentence. */
export function castWithBible(story: string, segmentation: Segmentation, words: readonly Word[], bible: readonly Character[]): SentenceCast[] {
  const { mentions, genders } = placeCharacters(story, segmentation, words, bible, [])
  return castOfSentences(story, segmentation.sentences, words, mentions, genders)
}

function placeCharacters(
  story: string,
  segmentation: Segmentation,
  words: readonly Word[],
  forms: readonly CharacterForms[],
  candidates: readonly CharacterCandidate[],
): { mentions: Mention[]; genders: Map<string, Gender> } {
  const mentions = findMentions(story, words, forms)
  const known = new Map<string, Gender>(
    forms.map((character) => [character.name, candidates.find((c) => c.name === character.name)?.gender ?? genderFromName(character.name)]),
  )
  return { mentions, genders: inferGenders(story, segmentation.sentences, words, mentions, known) }
}

function sentencesMentioning(story: string, segmentation: Segmentation, mentions: readonly Mention[], name: string): string[] {
  const texts: string[] = []
  let sentence = 0
  for (const mention of mentions) {
    if (mention.name !== name) continue
    while (sentence < segmentation.sentences.length && segmentation.sentences[sentence].end <= mention.start) sentence++
    const range = segmentation.sentences[sentence]
    if (!range) break
    const text = story.slice(range.start, range.end)
    if (texts[texts.length - 1] !== text) texts.push(text)
    if (texts.length >= SENTENCES_DESCRIBED) break
  }
  return texts
}

function uniqueByName(candidates: CharacterCandidate[]): CharacterCandidate[] {
  const seen = new Map<string, CharacterCandidate>()
  for (const candidate of candidates) {
    const key = candidate.name.toLowerCase()
    const existing = seen.get(key)
    if (!existing || existing.mentions < candidate.mentions) seen.set(key, candidate)
  }
  return [...seen.values()]
}
