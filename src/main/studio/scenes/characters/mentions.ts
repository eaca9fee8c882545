import { englishRoles, verbLikeRoles } from '../lexicon/roles'
import { isUnspaced, withoutPossessive, wordsIn, type Word } from '../text/words'

/** Where the story names a character of the bible. */
export interface Mention {
  start: number
  end: number
  /** The character's name in the bible. */
  name: string
}

/** What mention finding needs of a character: its name and the other forms the story uses. */
export interface CharacterForms {
  name: string
  aliases: readonly string[]
}

interface SpacedForm {
  name: string
  /** The form's words, lowercase, the last without a possessive. */
  words: string[]
  /** A proper name ("Rapunzel") must be capitalised; the plant "rapunzel" is not the girl. */
  capitalised: boolean
  /** A role noun ("bear", "cook") is no mention where a verb would stand ("cannot bear it"). */
  role: boolean
}

/**
 * Every place the story names one of the characters, in order: whole words for spaced scripts
 * (a possessive "Gretel's" counts), substrings for Chinese and Japanese. The longest form wins
 * where forms overlap, so "the King's son" is the king's son and not the king.
 */
export function findMentions(story: string, words: readonly Word[], characters: readonly CharacterForms[]): Mention[] {
  const spaced = new Map<string, SpacedForm[]>()
  const unspaced: { name: string; form: string }[] = []
  const seen = new Set<string>()
  for (const character of characters) {
    for (const form of [character.name, ...character.aliases]) {
      const key = normalizeForm(form)
      if (!key || seen.has(key)) continue
      seen.add(key)
      if (isUnspaced(key[0]) || isUnspaced(key[key.length - 1])) {
        unspaced.push({ name: character.name, form: form.trim() })
        continue
      }
      const formWords = wordsIn(key).map((word) => withoutPossessive(word.lower))
      if (formWords.length === 0) continue
      const entry = { name: character.name, words: formWords, capitalised: /^\p{Lu}/u.test(form.trim()) && !isRoleForm(key), role: englishRoles.has(key) }
      spaced.set(formWords[0], [...(spaced.get(formWords[0]) ?? []), entry].sort((a, b) => b.words.length - a.words.length))
    }
  }
  const mentions = [...spacedMentions(story, words, spaced), ...unspacedMentions(story, unspaced)]
  return mentions.sort((a, b) => a.start - b.start)
}

function spacedMentions(story: string, words: readonly Word[], forms: Map<string, SpacedForm[]>): Mention[] {
  const mentions: Mention[] = []
  if (forms.size === 0) return mentions
  for (let index = 0; index < words.length; index++) {
    const candidates = forms.get(withoutPossessive(words[index].lower))
    if (!candidates) continue
    const form = candidates.find((candidate) => matchesAt(story, words, index, candidate))
    if (!form) continue
    const last = words[index + form.words.length - 1]
    mentions.push({ start: words[index].start, end: last.end, name: form.name })
    index += form.words.length - 1
  }
  return mentions
}

function matchesAt(story: string, words: readonly Word[], index: number, form: SpacedForm): boolean {
  const first = words[index]
  if (form.capitalised && !/^\p{Lu}/u.test(first.text)) return false
  if (form.role && isVerbUse(story, first.start, first.text, form.words[0])) return false
  for (let offset = 1; offset < form.words.length; offset++) {
    const word = words[index + offset]
    if (!word || withoutPossessive(word.lower) !== form.words[offset]) return false
    if (offset < form.words.length - 1 && /['’]s$/.test(word.lower)) return false
    if (!/^[\s.]{1,3}$/.test(story.slice(words[index + offset - 1].end, word.start))) return false
  }
  // "King's" before a further word is part of that word's phrase only when the form says so.
  return form.words.length > 1 || !/['’]s$/.test(first.lower) || !continuesAsCompound(story, words, index)
}

/** "the King's son": a possessive role followed by another role names that other character. */
function continuesAsCompound(story: string, words: readonly Word[], index: number): boolean {
  const next = words[index + 1]
  return next !== undefined && /^\s+$/.test(story.slice(words[index].end, next.start)) && englishRoles.has(withoutPossessive(next.lower))
}

function unspacedMentions(story: string, forms: { name: string; form: string }[]): Mention[] {
  const mentions: Mention[] = []
  const longestFirst = [...forms].sort((a, b) => b.form.length - a.form.length)
  const taken: boolean[] = []
  for (const { name, form } of longestFirst) {
    for (let at = story.indexOf(form); at !== -1; at = story.indexOf(form, at + form.length)) {
      if (taken[at]) continue
      for (let index = at; index < at + form.length; index++) taken[index] = true
      mentions.push({ start: at, end: at + form.length, name })
    }
  }
  return mentions
}

/** Lowercase, one kind of apostrophe, single spaces: how forms are compared. */
export function normalizeForm(form: string): string {
  return form.trim().toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ')
}

/** A role noun or a compound of role nouns ("witch", "king's son"): any case will do. */
function isRoleForm(key: string): boolean {
  return key.split(' ').every((word) => englishRoles.has(withoutPossessive(word)))
}

/** Words after which a role noun is a verb: "cannot bear it", "began to cook", "she dove". */
const VERB_POSITION = /(?:^|[^\p{L}])(?:to|i|you|we|they|he|she|it|can|could|will|would|shall|should|must|not|cannot|may|might|did|do|does)\s+$/iu

/** Whether a lowercase role noun stands where a verb would ("bear", "cook", "fish" are both). */
export function isVerbUse(story: string, start: number, text: string, form: string): boolean {
  if (!verbLikeRoles.has(form) || /^\p{Lu}/u.test(text)) return false
  return VERB_POSITION.test(story.slice(Math.max(0, start - 12), start))
}
