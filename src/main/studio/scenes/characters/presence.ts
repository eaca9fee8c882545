import { pronouns } from '../lexicon/verbs'
import { isInside, quotedRanges } from '../text/quotes'
import type { Sentence } from '../text/segment'
import type { Word } from '../text/words'
import type { Mention } from './mentions'

export type Gender = 'male' | 'female' | undefined

/** Who is in a sentence: named there, or referred to by a pronoun. */
export interface SentenceCast {
  /** Characters the sentence names, in order. */
  named: string[]
  /** Named ones plus those its pronouns point to, in order of appearance. */
  present: string[]
  /** What each linked pronoun points to, by its offset in the story. */
  pronouns: Map<number, string[]>
}

/** A pronoun points back at most this many sentences; past that the story has moved on. */
const PRONOUN_REACH = 6
/** "They" points to the last group named together within this many sentences. */
const GROUP_REACH = 3

interface Reference {
  offset: number
  name?: string
  pronoun?: 'male' | 'female' | 'plural'
}

/**
 * Links pronouns to characters: "he" and "she" point to the most recently named character of that
 * gender (or of unknown gender), "they" to the last group named together. Simple, and right for
 * the plain sentences of children's stories more often than not.
 */
export function castOfSentences(
  story: string,
  sentences: readonly Sentence[],
  words: readonly Word[],
  mentions: readonly Mention[],
  genders: ReadonlyMap<string, Gender>,
): SentenceCast[] {
  const references = mergeReferences(pronounReferences(story, words), mentions)
  const casts: SentenceCast[] = sentences.map(() => ({ named: [], present: [], pronouns: new Map() }))
  const lastSeen = new Map<string, number>()
  let group: { names: string[]; sentence: number } | null = null
  // Who the last sentence was about (its first reference): a sentence that opens with "she" most
  // often continues with that character, even when another was named after her.
  let topic: { name: string; sentence: number } | null = null
  let cursor = 0
  sentences.forEach((sentence, index) => {
    const cast = casts[index]
    let first: string | undefined
    for (; cursor < references.length && references[cursor].offset < sentence.end; cursor++) {
      const reference = references[cursor]
      if (reference.offset < sentence.start) continue
      let resolved: string[] = []
      if (reference.name !== undefined) {
        lastSeen.set(reference.name, index)
        addOnce(cast.named, reference.name)
        resolved = [reference.name]
      } else if (reference.pronoun === 'plural') {
        if (group && index - group.sentence <= GROUP_REACH) resolved = group.names
      } else if (reference.pronoun) {
        const continuing = first === undefined && topic && index - topic.sentence <= PRONOUN_REACH && isCompatible(genders.get(topic.name), reference.pronoun) ? topic.name : undefined
        const target = continuing ?? latestCompatible(lastSeen, genders, reference.pronoun, index)
        if (target) resolved = [target]
      }
      if (resolved.length === 0) continue
      for (const name of resolved) {
        addOnce(cast.present, name)
        lastSeen.set(name, index)
      }
      if (reference.pronoun) cast.pronouns.set(reference.offset, resolved)
      first ??= resolved[0]
    }
    if (first !== undefined) topic = { name: first, sentence: index }
    if (cast.named.length >= 2) group = { names: cast.named.slice(), sentence: index }
  })
  return casts
}

/**
 * A gender for each character the lexicons could not place, from the pronouns that follow
 * sentences naming only that character: "Hansel ran. He ..." votes male.
 */
export function inferGenders(
  story: string,
  sentences: readonly Sentence[],
  words: readonly Word[],
  mentions: readonly Mention[],
  known: ReadonlyMap<string, Gender>,
): Map<string, Gender> {
  const votes = new Map<string, { male: number; female: number }>()
  // A name inside quotes is usually someone spoken to ("Good day, Little Red-Cap," said he): no vote.
  const quoted = quotedRanges(story)
  const references = mergeReferences(pronounReferences(story, words), mentions.filter((mention) => !isInside(quoted, mention.start)))
  const perSentence: Reference[][] = sentences.map(() => [])
  let cursor = 0
  sentences.forEach((sentence, index) => {
    for (; cursor < references.length && references[cursor].offset < sentence.end; cursor++) {
      if (references[cursor].offset >= sentence.start) perSentence[index].push(references[cursor])
    }
  })
  perSentence.forEach((refs, index) => {
    const named = new Set(refs.flatMap((ref) => (ref.name ? [ref.name] : [])))
    if (named.size !== 1) return
    const [name] = named
    const mentionedAt = refs.find((ref) => ref.name)?.offset ?? 0
    const next = perSentence[index + 1] ?? []
    // Pronouns before the name point to someone else ("She seized Hansel"): only later ones vote.
    const following = [...refs.filter((ref) => ref.offset > mentionedAt), ...(next.some((ref) => ref.name) ? [] : next)]
    const tally = votes.get(name) ?? { male: 0, female: 0 }
    for (const ref of following) if (ref.pronoun === 'male' || ref.pronoun === 'female') tally[ref.pronoun]++
    votes.set(name, tally)
  })
  const genders = new Map(known)
  for (const [name, { male, female }] of votes) {
    if (genders.get(name) !== undefined) continue
    if (male >= 2 && male >= 2 * female) genders.set(name, 'male')
    else if (female >= 2 && female >= 2 * male) genders.set(name, 'female')
  }
  return genders
}

function latestCompatible(lastSeen: Map<string, number>, genders: ReadonlyMap<string, Gender>, pronoun: 'male' | 'female', sentence: number): string | undefined {
  let best: string | undefined
  let bestSentence = -1
  for (const [name, seen] of lastSeen) {
    const gender = genders.get(name)
    if (sentence - seen > PRONOUN_REACH || !isCompatible(gender, pronoun)) continue
    // Prefer a character of the pronoun's gender over one of unknown gender named as recently.
    const rank = seen + (gender === pronoun ? 0.5 : 0)
    if (rank > bestSentence) {
      best = name
      bestSentence = rank
    }
  }
  return best
}

function isCompatible(gender: Gender, pronoun: 'male' | 'female'): boolean {
  return gender === undefined || gender === pronoun
}

function pronounReferences(story: string, words: readonly Word[]): Reference[] {
  const references: Reference[] = []
  for (const word of words) {
    const pronoun = pronouns.get(word.lower)
    if (pronoun && !/[他她]/.test(word.text)) references.push({ offset: word.start, pronoun })
  }
  if (/[他她]/.test(story)) {
    for (const match of story.matchAll(/[他她]们?/g)) references.push({ offset: match.index ?? 0, pronoun: pronouns.get(match[0]) })
    references.sort((a, b) => a.offset - b.offset)
  }
  return references
}

function mergeReferences(pronounRefs: Reference[], mentions: readonly Mention[]): Reference[] {
  const all: Reference[] = [...pronounRefs, ...mentions.map((mention) => ({ offset: mention.start, name: mention.name }))]
  return all.sort((a, b) => a.offset - b.offset)
}

function addOnce(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name)
}
