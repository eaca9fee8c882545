import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyEdit } from '../../../../src/main/studio/projects/apply-edit'
import { ProjectFolder } from '../../../../src/main/studio/projects/project-folder'
import { AUTOSAVE_DELAY_MS, ProjectSession } from '../../../../src/main/studio/projects/project-session'
import { spliceSegments, storyOf } from '../../../../src/main/studio/projects/story-text'
import { freshFolder, sampleDocument } from './project-fixtures'

const savedTitle = (folder: ProjectFolder) => JSON.parse(readFileSync(folder.documentPath, 'utf8')).document.title

describe('ProjectSession', () => {
  it('autosaves a change within a second, and a burst of changes as one save', async () => {
    const folder = new ProjectFolder(freshFolder())
    await folder.save(sampleDocument(), 'start')
    const session = await ProjectSession.open(folder)
    const changed = Date.now()
    for (const title of ['a', 'ab', 'abc']) session.change((document) => applyEdit(document, { op: 'set-meta', title }))
    while (savedTitle(folder) !== 'abc') {
      expect(Date.now() - changed).toBeLessThanOrEqual(AUTOSAVE_DELAY_MS)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    // One save for the burst: the backup is the document before it, not an intermediate title.
    expect(JSON.parse(readFileSync(folder.backupPath, 'utf8')).document.title).toBe('The Fox')
  })

  it('refuses changes to a read-only project', async () => {
    const session = new ProjectSession(new ProjectFolder(freshFolder()), sampleDocument(), 'x', true)
    expect(() => session.change((document) => document)).toThrow(expect.objectContaining({ code: 'unsupported' }))
  })
})

describe('project edits', () => {
  it('change only what they name', () => {
    const before = sampleDocument()
    const after = applyEdit(before, { op: 'set-scene', sceneId: 'scene-two', prompt: 'a black crow', locked: true })
    expect(after.scenes[0]).toBe(before.scenes[0])
    expect(after.segments).toBe(before.segments)
    expect(after.scenes[1]).toEqual({ ...before.scenes[1], prompt: 'a black crow', locked: true, promptEdited: true })
  })

  it('choose and delete picture variants; deleting the chosen one falls back to the newest left', () => {
    const document = sampleDocument()
    const second = { ...document.scenes[0].variants[0], id: 'pic-two' }
    const two = { ...document, scenes: document.scenes.with(0, { ...document.scenes[0], variants: [...document.scenes[0].variants, second] }) }
    expect(applyEdit(two, { op: 'choose-variant', sceneId: 'scene-one', variantId: 'pic-two' }).scenes[0].chosenVariant).toBe('pic-two')
    const deleted = applyEdit(two, { op: 'delete-variant', sceneId: 'scene-one', variantId: 'pic-one' })
    expect(deleted.scenes[0]).toMatchObject({ chosenVariant: 'pic-two', variants: [second] })
    const none = applyEdit(deleted, { op: 'delete-variant', sceneId: 'scene-one', variantId: 'pic-two' })
    expect(none.scenes[0].chosenVariant).toBeUndefined()
    expect(() => applyEdit(document, { op: 'choose-variant', sceneId: 'scene-one', variantId: 'pic-nope' })).toThrow(expect.objectContaining({ code: 'not-found' }))
  })

  it('edit the story keeping the origin of the segments before and after the change', () => {
    const document = sampleDocument()
    const story = storyOf(document)
    const edited = applyEdit(document, { op: 'set-story', story: story.replace('a crow', 'an owl') })
    expect(storyOf(edited)).toBe(story.replace('a crow', 'an owl'))
    expect(edited.segments[0]).toEqual(document.segments[0])
    expect(edited.segments.map((segment) => segment.origin)).toEqual(['person', 'generated', 'person', 'generated'])
    // Ids stay unique: the part before the change keeps the cut segment's id, the part after gets a new one.
    expect(edited.segments[1].id).toBe('seg-b')
    expect(new Set(edited.segments.map((segment) => segment.id)).size).toBe(4)
  })

  it('edit the story keeping every scene inside it: later spans shift, a rewritten one covers the new text', () => {
    const document = sampleDocument()
    const story = storyOf(document)
    // 'a crow' (in scene two) becomes 'an old owl': 4 characters longer
    const rewritten = applyEdit(document, { op: 'set-story', story: story.replace('a crow', 'an old owl') })
    expect(rewritten.scenes[0]).toBe(document.scenes[0])
    expect(rewritten.scenes[1].span).toEqual({ start: 45, end: 66 })
    expect(storyOf(rewritten).slice(45, 66)).toBe('She found an old owl.')
    // cutting the story short pulls the spans past its new end back onto it
    const cut = applyEdit(document, { op: 'set-story', story: story.slice(0, 50) })
    expect(cut.scenes.map((scene) => scene.span)).toEqual([{ start: 0, end: 44 }, { start: 45, end: 50 }])
    // a change before every scene moves them all
    const longer = applyEdit(document, { op: 'set-story', story: 'Long ago. ' + story })
    expect(longer.scenes.map((scene) => storyOf(longer).slice(scene.span.start, scene.span.end))).toEqual(document.scenes.map((scene) => story.slice(scene.span.start, scene.span.end)))
  })

  it('splice segments: only the range changes', () => {
    const { segments } = sampleDocument()
    const spliced = spliceSegments(segments, 10, 50, [{ id: 'seg-new', origin: 'person', text: 'X' }])
    expect(storyOf({ segments: spliced })).toBe(`${storyOf({ segments }).slice(0, 10)}X${storyOf({ segments }).slice(50)}`)
  })
})
