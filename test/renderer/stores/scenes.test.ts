import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { PROJECT_ID, projectDocument, projectStudio } from '../project-fixtures'
import { board, STORY } from '../scene-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { PROMPT_SAVE_DELAY_MS, useScenesStore } = await import('../../../src/renderer/src/stores/scenes')
const { useProjectsStore } = await import('../../../src/renderer/src/stores/projects')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

async function setup(document = projectDocument()) {
  const project = projectStudio(fake, document)
  await useProjectsStore().open(PROJECT_ID)
  return { scenes: useScenesStore(), project }
}

/** Plays a finished redo as the studio does: the picture is in the project, then job.done. */
async function finishDrawing(project: Awaited<ReturnType<typeof setup>>['project'], jobId: string, sceneId: string, variantId: string, seed: number) {
  project.addVariant(sceneId, variantId, seed)
  fake.emit('job.done', { jobId, call: 'projects.redoScene', result: { id: PROJECT_ID, revision: 1, sceneId, variantId } })
  await flushPromises()
}

describe('scenes store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('shows the scenes, characters and style of the open project', async () => {
    const { scenes } = await setup()
    expect(scenes.board.scenes.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    expect(scenes.board.characters.map((character) => character.name)).toEqual(['Mira'])
    expect(scenes.board.style).toBe('watercolor')
  })

  it('finds the scenes of the accepted story and puts them into the project, the project made first when there is none', async () => {
    const project = projectStudio(fake, projectDocument([]))
    fake.answer('scenes.extract', () => ({ ...board(), style: 'ink', notices: ['Only 3 scenes.'] }))
    const story = useStoryStore()
    story.text = STORY
    story.pending = ' not accepted'
    const scenes = useScenesStore()
    await scenes.extract('ink')
    expect(fake.callsTo('projects.create')).toEqual([{ title: '', story: STORY }])
    expect(fake.callsTo('scenes.extract')).toEqual([{ story: STORY, style: 'ink' }])
    expect(project.document.scenes.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    expect([scenes.board.style, scenes.board.scenes.length, scenes.notices, scenes.error]).toEqual(['ink', 3, ['Only 3 scenes.'], null])
  })

  it('asks before finding scenes again would delete pictures, and keeps everything when told no', async () => {
    const { scenes, project } = await setup()
    project.addVariant('a', 'pic-1', 1)
    await useProjectsStore().reload()
    fake.answer('scenes.extract', () => ({ style: 'watercolor', characters: [], scenes: [board().scenes[2]], notices: [] }))
    await scenes.extract(undefined, 1, () => false)
    expect(project.document.scenes.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    await scenes.extract(undefined, 1, () => true)
    expect(project.document.scenes.map((scene) => scene.id)).toEqual(['c'])
  })

  it('sends board edits with the story and the board, and saves the board they answer in the project', async () => {
    const { scenes, project } = await setup()
    fake.answer('scenes.edit', ({ board: sent }) => ({ ...sent, scenes: sent.scenes.slice(1) }))
    await scenes.edit({ op: 'merge', first: 'a', second: 'b' })
    expect(fake.callsTo('scenes.edit')[0]).toMatchObject({ story: STORY, edit: { op: 'merge', first: 'a', second: 'b' } })
    expect(fake.callsTo('scenes.edit')[0].board.scenes[0]).not.toHaveProperty('variants')
    expect(project.document.scenes.map((scene) => scene.id)).toEqual(['b', 'c'])
    expect(scenes.board.scenes.map((scene) => scene.id)).toEqual(['b', 'c'])
  })

  it("saves a scene's prompt, negative prompt and seed in the project, and counts the prompt's tokens", async () => {
    const { scenes, project } = await setup()
    fake.answer('image.tokenize', ({ text }) => ({ ids: [], count: text.split(' ').length }))
    await scenes.setPrompt('b', 'a lantern by the sea')
    await scenes.setNegativePrompt('b', 'blurry')
    await scenes.setSeed('c', 99)
    await scenes.setSeed('b', -1)
    expect(project.document.scenes.map(({ prompt, negativePrompt, seed, promptEdited }) => ({ prompt, negativePrompt, seed, promptEdited }))).toEqual([
      { prompt: 'prompt a', negativePrompt: '', seed: 7, promptEdited: false },
      { prompt: 'a lantern by the sea', negativePrompt: 'blurry', seed: 7, promptEdited: true },
      { prompt: 'prompt c', negativePrompt: '', seed: 99, promptEdited: false },
    ])
    expect(scenes.promptTokens.get('b')).toBe(5)
  })

  it('draws one picture at a time into the project: the others wait, with progress, ETA and preview for the running one', async () => {
    const { scenes, project } = await setup()
    const jobs = fake.answerJob('projects.redoScene')
    scenes.toggleSeedLock('a')
    scenes.illustrateAll()
    await flushPromises()
    expect(fake.callsTo('projects.redoScene')).toEqual([{ id: PROJECT_ID, sceneId: 'a', seed: 7 }])
    expect([...scenes.renders.values()].map((render) => render.status)).toEqual(['rendering', 'queued', 'queued'])
    fake.emit('job.progress', { jobId: jobs[0], call: 'projects.redoScene', stage: 'illustrating', step: 5, total: 20, preview: 'data:image/png;base64,P' })
    expect(scenes.renders.get('a')).toMatchObject({ step: 5, total: 20, preview: 'data:image/png;base64,P' })
    expect(scenes.renders.get('a')!.etaSeconds).toBeGreaterThanOrEqual(0)
    await finishDrawing(project, jobs[0], 'a', 'pic-1', 7)
    expect(scenes.variants.a).toEqual([{ id: 'pic-1', image: `http://studio.test/projects/${PROJECT_ID}/pictures/pic-1.png`, record: expect.objectContaining({ seed: 7 }) }])
    expect(scenes.board.scenes[0].image).toBe(`http://studio.test/projects/${PROJECT_ID}/pictures/pic-1.png`)
    expect(fake.callsTo('projects.redoScene')[1]).toEqual({ id: PROJECT_ID, sceneId: 'b', seed: 'new' })
  })

  it('redoes the chosen picture with its saved settings; choosing and deleting variants are saved in the project', async () => {
    const { scenes, project } = await setup()
    const jobs = fake.answerJob('projects.redoScene')
    scenes.illustrate('a')
    await flushPromises()
    await finishDrawing(project, jobs[0], 'a', 'pic-1', 1)
    scenes.illustrate('a', 'same')
    await flushPromises()
    expect(fake.callsTo('projects.redoScene')[1]).toEqual({ id: PROJECT_ID, sceneId: 'a', seed: 'same' })
    await finishDrawing(project, jobs[1], 'a', 'pic-2', 1)
    expect(scenes.variants.a.map((variant) => variant.id)).toEqual(['pic-1', 'pic-2'])
    expect([scenes.chosenVariantOf('a'), scenes.variants.b]).toEqual(['pic-2', []])
    await scenes.chooseVariant('a', 'pic-1')
    expect(project.document.scenes[0].chosenVariant).toBe('pic-1')
    await scenes.deleteVariant('a', 'pic-1')
    expect(fake.callsTo('projects.edit').at(-1).edit).toEqual({ op: 'delete-variant', sceneId: 'a', variantId: 'pic-1' })
    expect(scenes.variants.a.map((variant) => variant.id)).toEqual(['pic-2'])
    expect(scenes.chosenVariantOf('a')).toBe('pic-2')
  })

  it('cancels one waiting picture, or all of them with the running one', async () => {
    const { scenes } = await setup()
    const jobs = fake.answerJob('projects.redoScene')
    fake.answerCancel()
    scenes.illustrateAll()
    await flushPromises()
    scenes.cancel('b')
    expect([...scenes.renders.keys()]).toEqual(['a', 'c'])
    scenes.cancelAll()
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(scenes.renders.size).toBe(0)
    expect(fake.callsTo('projects.redoScene')).toHaveLength(1)
    expect(scenes.error).toBeNull()
  })

  it('comes back whole after a reload: scenes and pictures from the project, seed locks from the window', async () => {
    const { scenes, project } = await setup()
    project.addVariant('b', 'pic-1', 3)
    scenes.toggleSeedLock('c')
    await flushPromises()
    freshStores()
    await useProjectsStore().start()
    const reloaded = useScenesStore()
    expect(reloaded.board.scenes.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    expect(reloaded.board.scenes[1].image).toBe(`http://studio.test/projects/${PROJECT_ID}/pictures/pic-1.png`)
    expect(reloaded.lockedSeeds.has('c')).toBe(true)
  })

  it('saves a typed prompt a short pause after the last keystroke, and after a reload that came first', async () => {
    vi.useFakeTimers()
    try {
      const { scenes, project } = await setup()
      fake.answer('image.tokenize', () => ({ ids: [], count: 3 }))
      scenes.typePrompt('a', 'a lantern')
      scenes.typePrompt('a', 'a lantern at sea')
      await vi.advanceTimersByTimeAsync(PROMPT_SAVE_DELAY_MS)
      expect(fake.callsTo('projects.edit').map((input) => input.edit)).toEqual([{ op: 'set-scene', sceneId: 'a', prompt: 'a lantern at sea' }])
      scenes.typePrompt('b', 'typed just before the window closed')
      freshStores()
      expect(project.document.scenes[1].prompt).toBe('prompt b')
      await useProjectsStore().start()
      useScenesStore()
      await vi.advanceTimersByTimeAsync(0)
      expect(project.document.scenes[1].prompt).toBe('typed just before the window closed')
      expect(fake.drafts.get('typed-prompts')).toEqual({})
    } finally {
      vi.useRealTimers()
    }
  })
})
