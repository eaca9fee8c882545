import { describe, expect, it } from 'vitest'
import type { SceneBoard } from '../../../../src/shared/contract'
import { ContractError } from '../../../../src/shared/errors'
import { editScenes } from '../../../../src/main/studio/scenes/edit'
import { extractScenes } from '../../../../src/main/studio/scenes/extract'
import { gretelStory } from './stories'

const PICTURE = 'data:image/png;base64,iVBORw0KGgo='

/** A board whose scenes all have pictures, deep-frozen so an edit that mutates its input throws. */
function board(): SceneBoard {
  const { style, characters, scenes } = extractScenes(gretelStory, { count: 4 })
  return deepFreeze({ style, characters, scenes: scenes.map((scene) => ({ ...scene, image: PICTURE })) })
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** Every scene of `before` other than `except` is in `after`, the same object, prompt and image untouched. */
function expectOthersUntouched(before: SceneBoard, after: SceneBoard, except: string[]) {
  for (const scene of before.scenes.filter((candidate) => !except.includes(candidate.id))) {
    const kept = after.scenes.find((candidate) => candidate.id === scene.id)
    expect(kept).toBe(scene)
    expect(kept?.prompt).toBe(scene.prompt)
    expect(kept?.image).toBe(PICTURE)
  }
}

describe('editScenes', () => {
  it('changes one prompt and marks it as written by the person', () => {
    const before = board()
    const target = before.scenes[1]
    const after = editScenes(gretelStory, before, { op: 'set-prompt', sceneId: target.id, prompt: 'two children in a dark wood' })
    expect(after.scenes[1]).toEqual({ ...target, prompt: 'two children in a dark wood', promptEdited: true })
    expectOthersUntouched(before, after, [target.id])
  })

  it('merges two neighbouring scenes into one new scene covering both', () => {
    const before = board()
    const [, second, third] = before.scenes
    const after = editScenes(gretelStory, before, { op: 'merge', first: second.id, second: third.id })
    expect(after.scenes).toHaveLength(3)
    const merged = after.scenes[1]
    expect(merged.span).toEqual({ start: second.span.start, end: third.span.end })
    expect(merged.image).toBeUndefined()
    expect(merged.characters).toEqual(expect.arrayContaining(['Hansel', 'Gretel', 'Witch']))
    for (const name of merged.characters) expect(merged.prompt).toContain(name === 'Witch' ? 'witch' : name)
    expectOthersUntouched(before, after, [second.id, third.id])
  })

  it('refuses to merge scenes with another scene between them', () => {
    const before = board()
    expect(() => editScenes(gretelStory, before, { op: 'merge', first: before.scenes[0].id, second: before.scenes[2].id })).toThrow(/between/)
  })

  it('splits a scene at the sentence boundary nearest the point asked for', () => {
    const before = board()
    const target = before.scenes[2]
    const text = gretelStory.slice(target.span.start, target.span.end)
    expect(text).toBe('An old witch opened the door and smiled at them. She seized Hansel and locked him in a cage.')
    const after = editScenes(gretelStory, before, { op: 'split', sceneId: target.id, at: target.span.start + text.indexOf('She') - 3 })
    expect(after.scenes).toHaveLength(5)
    const [head, tail] = after.scenes.slice(2, 4)
    expect(gretelStory.slice(head.span.start, head.span.end)).toBe('An old witch opened the door and smiled at them.')
    expect(gretelStory.slice(tail.span.start, tail.span.end)).toBe('She seized Hansel and locked him in a cage.')
    expect(tail.characters).toEqual(['Witch', 'Hansel'])
    expect(new Set(after.scenes.map((scene) => scene.id)).size).toBe(5)
    expectOthersUntouched(before, after, [target.id])
  })

  it('reorders scenes without touching any of them', () => {
    const before = board()
    const order = before.scenes.map((scene) => scene.id).reverse()
    const after = editScenes(gretelStory, before, { op: 'reorder', order })
    expect(after.scenes.map((scene) => scene.id)).toEqual(order)
    expectOthersUntouched(before, after, [])
    expect(() => editScenes(gretelStory, before, { op: 'reorder', order: order.slice(1) })).toThrow(ContractError)
    expect(() => editScenes(gretelStory, before, { op: 'reorder', order: [...order.slice(1), order[1]] })).toThrow(ContractError)
  })

  it('carries a new character description into the prompts of that character only', () => {
    const before = board()
    const edited = editScenes(gretelStory, before, { op: 'set-prompt', sceneId: before.scenes[3].id, prompt: 'Gretel, a little girl, running home at night' })
    const after = editScenes(gretelStory, edited, { op: 'set-character', name: 'Gretel', description: 'a small girl in a red dress' })
    expect(after.characters.find((character) => character.name === 'Gretel')?.description).toBe('a small girl in a red dress')
    for (const scene of after.scenes) {
      const previous = edited.scenes.find((candidate) => candidate.id === scene.id)!
      if (!scene.characters.includes('Gretel')) expect(scene).toBe(previous)
      else expect(scene.prompt).toContain('Gretel, a small girl in a red dress')
    }
    // The person's own prompt keeps their words; only the description it quoted changes.
    expect(after.scenes[3].prompt).toBe('Gretel, a small girl in a red dress, running home at night')
    expect(() => editScenes(gretelStory, before, { op: 'set-character', name: 'Nobody', description: 'x' })).toThrow(/No character/)
  })

  it('refuses ids it does not know and a story shorter than the board', () => {
    const before = board()
    expect(() => editScenes(gretelStory, before, { op: 'set-prompt', sceneId: 'scene-0-1', prompt: 'x' })).toThrow(ContractError)
    expect(() => editScenes('Too short now.', before, { op: 'split', sceneId: before.scenes[3].id, at: before.scenes[3].span.start + 5 })).toThrow(/past the end/)
  })
})
