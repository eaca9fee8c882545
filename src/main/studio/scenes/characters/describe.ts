import { englishRoles, familyRolePerson } from '../lexicon/roles'
import { withoutPossessive, wordsIn, type Word } from '../text/words'
import { isAdjective } from '../text/word-classes'
import type { CharacterCandidate } from './candidates'

const FEATURES = 'hair|eyes|beard|moustache|curls|braids|plaits|ears|tail|fur|feathers|wings|horns|nose|face|cheeks|freckles'
const CLOTHES = 'dress|gown|frock|cap|hat|hood|cloak|cape|coat|jacket|shawl|apron|boots|shoes|slippers|crown|scarf|shirt|trousers|skirt|robe|veil|armour|armor|waistcoat|bonnet'
const ADJECTIVES = "((?:[\\p{L}-]+,?\\s+){0,3}?)"

/** Who a named character is, by the story's own words: a role noun and its adjectives. */
export interface Identity {
  noun: string
  adjectives: string[]
}

/**
 * A short description of how a character looks, from what the story says about them: "a little
 * girl called Gretel", "Rapunzel had long golden hair", "the old witch". Where the story says
 * nothing, a plain noun from what is known (role, gender) that the person can edit.
 */
export function describeCharacter(candidate: CharacterCandidate, sentencesAbout: readonly string[], identity?: Identity): string {
  if (candidate.kind === 'role') {
    const role = candidate.role
    const noun = role?.noun ?? candidate.name.toLowerCase()
    return joinDescription(withArticle([...candidate.adjectives, noun].join(' ')), role?.look)
  }
  const name = escapeRegExp(candidate.name)
  let look: string | undefined
  for (const sentence of sentencesAbout) {
    look ??= findLook(sentence, name)
    if (look) break
  }
  const fallback = candidate.gender === 'male' ? 'a boy' : candidate.gender === 'female' ? 'a girl' : 'a child'
  const honorific = /^(?:Mr|Mrs|Ms|Sir|Lord|Lady|Dame|Madam|Mme|Dr)\.?\s/.test(candidate.name)
  const grownUp = candidate.gender === 'female' ? 'a woman' : 'a man'
  const who = identity ? withArticle([...identity.adjectives, personNoun(identity.noun, candidate.gender)].join(' ')) : undefined
  return joinDescription(who ?? (honorific ? grownUp : fallback), look)
}

/**
 * "a little girl called NAME", "NAME, a poor miller", "NAME was a brave knight", "her brother
 * NAME", "the child the name of NAME": the first of these the sentences hold. Read word by word
 * (a regular expression over every role noun costs too much on a long story).
 */
export function findIdentity(sentencesAbout: readonly string[], name: string): Identity | undefined {
  const nameWords = wordsIn(name.toLowerCase()).map((word) => word.lower)
  for (const sentence of sentencesAbout) {
    const words = wordsIn(sentence)
    const gap = (left: number) => sentence.slice(words[left].end, words[left + 1]?.start ?? sentence.length)
    for (let first = 0; first + nameWords.length <= words.length; first++) {
      if (!nameWords.every((word, offset) => withoutPossessive(words[first + offset].lower) === word)) continue
      const last = first + nameWords.length - 1
      const lower = (index: number) => words[index]?.lower
      // Before the name: "a little girl called NAME", "her brother NAME", "the child the name of NAME".
      const called = lower(first - 1) === 'called' || lower(first - 1) === 'named'
      // "a girl called NAME", "the girl was called NAME"
      const naming = called ? (['was', 'is'].includes(lower(first - 2) ?? '') ? first - 3 : first - 2) : undefined
      const before =
        (naming !== undefined ? roleEndingAt(words, naming, ARTICLES) : undefined) ??
        // "the girl NAME"
        (gap(first - 1 < 0 ? 0 : first - 1) === ' ' ? roleEndingAt(words, first - 1, ARTICLES) : undefined) ??
        roleEndingAt(words, first - 1, POSSESSIVES) ??
        (lower(first - 1) === 'of' && lower(first - 2) === 'name' && lower(first - 3) === 'the' ? roleEndingAt(words, first - 4, null) : undefined) ??
        (lower(first - 1) === 'name' && lower(first - 2) === 'the' ? roleEndingAt(words, first - 3, null) : undefined)
      if (before) return before
      // After it: "NAME, a poor miller", "NAME was a brave knight".
      const after = gap(last).includes(',') ? roleStartingAt(words, last + 1) : ['was', 'is'].includes(lower(last + 1) ?? '') ? roleStartingAt(words, last + 2) : undefined
      if (after) return after
    }
  }
  return undefined
}

const ARTICLES = new Set(['a', 'an', 'the'])
const POSSESSIVES = new Set(['his', 'her', 'their', 'my', 'our'])
const MAX_IDENTITY_ADJECTIVES = 3

/** "a little girl" starting at `index`: an article, up to three adjectives, a role noun. */
function roleStartingAt(words: readonly Word[], index: number): Identity | undefined {
  if (!words[index] || !ARTICLES.has(words[index].lower)) return undefined
  const adjectives: string[] = []
  for (let at = index + 1; at < words.length && adjectives.length <= MAX_IDENTITY_ADJECTIVES; at++) {
    const lower = words[at].lower
    if (englishRoles.has(lower)) return { noun: lower, adjectives }
    if (!isAdjective(lower)) return undefined
    adjectives.push(lower)
  }
  return undefined
}

/** "a little girl" ending at `index` with its role noun, opened by one of `openers` (any when null). */
function roleEndingAt(words: readonly Word[], index: number, openers: ReadonlySet<string> | null): Identity | undefined {
  if (index < 0 || !englishRoles.has(words[index].lower)) return undefined
  const adjectives: string[] = []
  let at = index - 1
  while (at >= 0 && adjectives.length < MAX_IDENTITY_ADJECTIVES && isAdjective(words[at].lower)) adjectives.unshift(words[at--].lower)
  if (openers !== null && (at < 0 || !openers.has(words[at].lower))) return undefined
  return { noun: words[index].lower, adjectives }
}

/** The noun a picture needs: "her brother" is a boy; "the child", once pronouns say she, a girl. */
function personNoun(noun: string, gender: 'male' | 'female' | undefined): string {
  const person = familyRolePerson.get(noun) ?? noun
  if (person === 'child' && gender) return gender === 'female' ? 'girl' : 'boy'
  return person
}

/** "NAME had long golden hair" -> "with long golden hair"; "NAME wore a red cap" -> "wearing a red cap". */
function findLook(sentence: string, name: string): string | undefined {
  const feature = new RegExp(`${name}\\s+(?:had|has)\\s+(?:a\\s+|an\\s+)?${ADJECTIVES}(${FEATURES})\\b`, 'iu').exec(sentence)
  if (feature) return `with ${[...visualAdjectives(feature[1]), feature[2].toLowerCase()].join(' ')}`
  const clothes = new RegExp(`${name}\\s+(?:wore|wears|was wearing|was dressed in|put on)\\s+(?:a|an|the|her|his|their)?\\s*${ADJECTIVES}(${CLOTHES})\\b`, 'iu').exec(sentence)
  if (clothes) return `wearing ${withArticle([...visualAdjectives(clothes[1]), clothes[2].toLowerCase()].join(' '))}`
  return undefined
}

function visualAdjectives(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word && isAdjective(word))
}

function joinDescription(identity: string, look: string | undefined): string {
  return look ? `${identity} ${look}` : identity
}

/** "a little girl", "an old witch". */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]")
}
