import type { Role } from '../lexicon/roles'

/** A character found in the story, before it becomes an entry of the bible. */
export interface CharacterCandidate {
  /** How prompts and the bible name it: "Gretel", "Mr. Toad", "Witch", "King's son". */
  name: string
  /** Other forms of the name found in the story ("Toad" for "Mr. Toad"). */
  aliases: string[]
  /** A role noun ("witch") names it, or its own name does. */
  kind: 'named' | 'role'
  /** The role lexicon entry of a role character. */
  role?: Role
  gender?: 'male' | 'female'
  /** Adjectives the story puts before it, most used first ("old", "wicked"). */
  adjectives: string[]
  mentions: number
  firstMention: number
  /** A description written where the character was found (Chinese characters carry theirs in Chinese). */
  description?: string
}

/** Counts how often each key is seen and keeps the first offset. */
export class Tally {
  readonly counts = new Map<string, { count: number; first: number }>()

  add(key: string, offset: number): void {
    const entry = this.counts.get(key)
    if (entry) entry.count++
    else this.counts.set(key, { count: 1, first: offset })
  }

  count(key: string): number {
    return this.counts.get(key)?.count ?? 0
  }

  /** Keys by count, most frequent first; ties keep first-seen order. */
  ranked(): string[] {
    return [...this.counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first).map(([key]) => key)
  }
}

/** "Witch" from "witch"; "King's son" from "king's son". */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
