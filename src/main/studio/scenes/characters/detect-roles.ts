import { englishRoles, type Role } from '../lexicon/roles'
import { determiners } from '../lexicon/verbs'
import { withoutPossessive, type Word } from '../text/words'
import { isAdjective } from '../text/word-classes'
import { capitalize, Tally, type CharacterCandidate } from './candidates'
import { isVerbUse } from './mentions'

/** Adjectives that say nothing a picture can show. */
const SHAPELESS_ADJECTIVES = new Set([
  'other', 'same', 'own', 'whole', 'such', 'much', 'many', 'more', 'most', 'few', 'last', 'next',
  'first', 'second', 'third', 'only', 'very', 'dear', 'poor', 'good', 'great', 'certain', 'real',
  'true', 'best', 'better', 'old-fashioned', 'said', 'new', 'own', 'former', 'late', 'latter', 'wise',
])

/**
 * Characters the story names by role or kind: "the witch", "a wolf", and "the King's son" (a
 * possessive role before a role is one character, not two). Each keeps the adjectives the story
 * gives it most often, for its description.
 */
export function detectRoleCharacters(story: string, words: readonly Word[], minMentions: number): CharacterCandidate[] {
  const tally = new Tally()
  const adjectives = new Map<string, Tally>()
  for (let index = 0; index < words.length; index++) {
    const word = words[index]
    const noun = withoutPossessive(word.lower)
    const role = englishRoles.get(noun)
    if (!role || isVerbUse(story, word.start, word.text, noun)) continue
    const next = words[index + 1]
    const compound = next && /['’]s$/i.test(word.text) && /^\s+$/.test(story.slice(word.end, next.start)) && englishRoles.get(withoutPossessive(next.lower))
    const key = compound ? `${noun}'s ${withoutPossessive(next.lower)}` : noun
    tally.add(key, word.start)
    const before = adjectives.get(key) ?? new Tally()
    for (const adjective of adjectivesBefore(words, index)) before.add(adjective, word.start)
    adjectives.set(key, before)
    if (compound) index++
  }
  const candidates: CharacterCandidate[] = []
  for (const key of tally.ranked()) {
    const mentions = tally.count(key)
    if (mentions < minMentions) continue
    const role = roleOf(key)
    const usual = adjectives.get(key) ?? new Tally()
    candidates.push({
      name: capitalize(key),
      aliases: [],
      kind: 'role',
      role,
      gender: role.gender,
      adjectives: usual.ranked().filter((adjective) => usual.count(adjective) * 3 >= mentions || usual.count(adjective) >= 2).slice(0, 2),
      mentions,
      firstMention: tally.counts.get(key)?.first ?? 0,
    })
  }
  return candidates
}

/** A compound "king's son" takes the look and gender of its last noun. */
function roleOf(key: string): Role {
  const last = key.split(' ').pop() ?? key
  const role = englishRoles.get(last) ?? { noun: last }
  return key.includes(' ') ? { ...role, noun: key } : role
}

/** Up to two adjectives right before a noun, stopping at its determiner. */
function adjectivesBefore(words: readonly Word[], index: number): string[] {
  const found: string[] = []
  for (let back = index - 1; back >= Math.max(0, index - 2); back--) {
    const lower = words[back].lower
    if (determiners.has(lower) || !isAdjective(lower) || SHAPELESS_ADJECTIVES.has(lower)) break
    found.unshift(lower)
  }
  return found
}
