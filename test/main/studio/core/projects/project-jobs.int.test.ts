import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectJobProgress, ProjectSnapshot } from '../../../../../src/shared/contract'
import { runJob } from '../../../../../src/shared/run-job'
import { pageRanges } from '../../../../../src/main/studio/book/from-scenes'
import { releaseTextModelIfMemoryShort } from '../../../../../src/main/studio/core/projects/memory'
import { sourceResourcesDir } from '../../../../../src/main/studio/core/paths'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import { storyOf } from '../../../../../src/main/studio/projects/story-text'

const starterPresent = ['starter-story', 'starter-pictures'].every((id) => existsSync(join(sourceResourcesDir(), 'models', id, 'pack.json')))
if (process.env.CI === 'true' && !starterPresent) throw new Error('The bundled starter packs are missing.')
const OPENING = 'Once upon a time, a little fox lived at the edge of a great forest with her friend the crow.'
let studio: Studio
let id: string

beforeAll(() => {
  studio = createStudio({ dataDir: mkdtempSync(join(tmpdir(), 'tw-data-')), packs: { resourcesDir: sourceResourcesDir() } })
})
afterAll(() => studio.close())

const open = (): Promise<ProjectSnapshot> => studio.call('projects.open', { id })
/** The text of each page of a snapshot, by scene id. */
const pageTexts = (snapshot: ProjectSnapshot) => {
  const story = storyOf(snapshot.document)
  const scenes = snapshot.document.scenes.toSorted((a, b) => a.span.start - b.span.start)
  const ranges = pageRanges(story, scenes.map((scene) => scene.span))
  return new Map(scenes.map((scene, index) => [scene.id, story.slice(ranges[index].start, ranges[index].end)]))
}

describe.skipIf(!starterPresent)('project jobs through the contract (starter packs)', () => {
  it('projects.makeBook reports per-scene progress with an estimate of the time left', async () => {
    id = (await studio.call('projects.create', { story: OPENING })).id
    const updates: ProjectJobProgress[] = []
    const result = await runJob(studio, 'projects.makeBook', { id, pages: 3, maxNewTokens: 150, seed: 2, steps: 2 }, { onProgress: (update) => updates.push(update) })
    const snapshot = await open()
    expect(result).toMatchObject({ id, pages: snapshot.document.scenes.length })
    expect(snapshot.document.job?.stage).toBe('done')
    expect(snapshot.document.scenes.length).toBeGreaterThanOrEqual(2)
    const illustrating = updates.filter((update) => update.stage === 'illustrating')
    expect(new Set(illustrating.map((update) => update.detail?.scene))).toEqual(new Set(snapshot.document.scenes.map((_, index) => index + 1)))
    // Once one picture has steps behind it, every report carries an estimate.
    expect(illustrating.filter((update) => update.detail?.imageStep).every((update) => typeof update.detail?.etaSeconds === 'number')).toBe(true)
  })

  it('projects.redoPage rewrites one page; the other pages keep their text and every picture stays', async () => {
    const before = await open()
    const [first, second] = before.document.scenes
    await runJob(studio, 'projects.redoPage', { id, sceneId: second.id, seed: 77 })
    const after = await open()
    expect(pageTexts(after).get(first.id)).toBe(pageTexts(before).get(first.id))
    expect(pageTexts(after).get(second.id)).not.toBe(pageTexts(before).get(second.id))
    expect(after.document.scenes.map((scene) => scene.variants)).toEqual(before.document.scenes.map((scene) => scene.variants))
    expect(after.document.segments[0]).toEqual(before.document.segments[0])
  })

  it('projects.continueFrom keeps the story before the point and the scenes there, and drops the rest with their pictures', async () => {
    const before = await open()
    const [first, second] = before.document.scenes.toSorted((a, b) => a.span.start - b.span.start)
    const at = second.span.start
    await runJob(studio, 'projects.continueFrom', { id, at, maxNewTokens: 40, seed: 5 })
    const after = await open()
    expect(storyOf(after.document).slice(0, at)).toBe(storyOf(before.document).slice(0, at))
    expect(storyOf(after.document).length).toBeGreaterThan(at)
    expect(after.document.scenes.map((scene) => scene.id)).toEqual(before.document.scenes.filter((scene) => scene.span.end <= at).map((scene) => scene.id))
    expect(after.document.scenes[0]).toEqual(first)
    expect(existsSync(join(studio.dataDir, 'projects', id, 'pictures', `${second.chosenVariant}.png`))).toBe(false)
  })

  it('projects.redoScene with the same settings draws the same picture bytes as a new variant', async () => {
    const before = await open()
    const scene = before.document.scenes[0]
    const { variantId } = await runJob(studio, 'projects.redoScene', { id, sceneId: scene.id, seed: 'same' })
    const after = await open()
    const pictures = join(studio.dataDir, 'projects', id, 'pictures')
    expect(readFileSync(join(pictures, `${variantId}.png`))).toEqual(readFileSync(join(pictures, `${scene.chosenVariant}.png`)))
    expect(after.document.scenes[0].variants.length).toBe(scene.variants.length + 1)
  })

  it('releases the text model before pictures only when free memory is short', async () => {
    await runJob(studio, 'text.generate', { prompt: 'A fox', options: { maxNewTokens: 2, seed: 1 } })
    expect(await releaseTextModelIfMemoryShort(studio.packs, studio.engine, () => Number.MAX_SAFE_INTEGER)).toBe(false)
    expect(await releaseTextModelIfMemoryShort(studio.packs, studio.engine, () => 0)).toBe(true)
  })
})
