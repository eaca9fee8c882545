import { expect } from 'vitest'
import { promptCharacter } from '../../../../src/main/studio/scenes/prompt/chinese-english'
import type { ScenesExtractResult } from '../../../../src/shared/contract'

/**
 * Whether `name` appears in `text` as a word ("step-mother" is not "mother"): case-insensitively
 * for role names ("Witch"), exactly for proper names. A possessive and its noun ("the miller's
 * daughter") name one character, neither the miller nor a daughter alone.
 */
export function namesIn(text: string, name: string, role: boolean): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['’]/g, "['’]")
  return new RegExp(`(?<![\\p{L}\\p{N}-])(?<!['’]s\\s+)${escaped}(?![\\p{L}\\p{N}-])(?!['’]s\\s+\\p{Ll})`, role ? 'iu' : 'u').test(text)
}

/**
 * What every extraction must hold: spans inside the story, in story order, never overlapping,
 * never empty; ids unique; each prompt names every character of the scene (in English for a
 * Chinese bible) and every bible character its text names.
 */
export function expectValidScenes(story: string, result: ScenesExtractResult, count?: number): void {
  if (count !== undefined) expect(result.scenes).toHaveLength(count)
  expect(result.scenes.length).toBeGreaterThan(0)
  let previousEnd = 0
  for (const scene of result.scenes) {
    expect(scene.span.start).toBeGreaterThanOrEqual(previousEnd)
    expect(scene.span.end).toBeGreaterThan(scene.span.start)
    expect(scene.span.end).toBeLessThanOrEqual(story.length)
    previousEnd = scene.span.end
    const text = story.slice(scene.span.start, scene.span.end)
    expect(text.trim()).toBe(text)
    // A prompt names each character as it renders them (a Chinese bible entry in English).
    for (const name of scene.characters) {
      const character = result.characters.find((entry) => entry.name === name)
      expect(scene.prompt.toLowerCase()).toContain((character ? promptCharacter(character).name : name).toLowerCase())
    }
    for (const character of result.characters) {
      // A role character ("Witch") is described by its own noun ("an old witch"); any case names it.
      const role = character.description.toLowerCase().includes(character.name.toLowerCase())
      if (namesIn(text, character.name, role) || character.aliases.some((alias) => namesIn(text, alias, role))) {
        expect(scene.characters, `"${character.name}" is named in: ${text}`).toContain(character.name)
      }
    }
    expect(scene.prompt.length).toBeGreaterThan(0)
    expect(scene.negativePrompt.length).toBeGreaterThan(0)
    expect(scene.title.length).toBeGreaterThan(0)
  }
  expect(new Set(result.scenes.map((scene) => scene.id)).size).toBe(result.scenes.length)
}
