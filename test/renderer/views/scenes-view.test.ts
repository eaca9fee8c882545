// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { PROJECT_ID, projectDocument, projectStudio } from '../project-fixtures'
import { board, STORY } from '../scene-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: ScenesView } = await import('../../../src/renderer/src/views/ScenesView.vue')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')
const { useProjectsStore } = await import('../../../src/renderer/src/stores/projects')

type Wrapper = ReturnType<typeof mountStudio>
const buttonsNamed = (wrapper: Wrapper, name: string) => wrapper.findAll('button').filter((button) => button.text() === name)
const cards = (wrapper: Wrapper) => wrapper.findAll('li.scene-card')

let project: ReturnType<typeof projectStudio>

/** The view on a new project whose scenes were just found. */
async function withScenes(): Promise<Wrapper> {
  project = projectStudio(fake, projectDocument([]))
  useStoryStore().text = STORY
  fake.answer('scenes.extract', () => ({ ...board(), notices: [] }))
  fake.answer('image.tokenize', ({ text }) => ({ ids: [], count: text.split(' ').length }))
  const wrapper = mountStudio(ScenesView)
  await buttonsNamed(wrapper, 'Find key scenes')[0].trigger('click')
  await flushPromises()
  return wrapper
}

describe('Scenes view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('asks for a story before finding scenes', () => {
    const wrapper = mountStudio(ScenesView)
    expect(buttonsNamed(wrapper, 'Find key scenes')[0].attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('Write a few sentences first')
  })

  it('lists the scenes with their prompts, token counts and the character bible', async () => {
    const wrapper = await withScenes()
    expect(cards(wrapper)).toHaveLength(3)
    expect(cards(wrapper)[0].text()).toContain('2/75 tokens')
    expect(wrapper.get('textarea[aria-label="Description of Mira"]').element).toHaveProperty('value', 'a girl in a red coat')
    expect(wrapper.text()).toContain('Appears in: Scene a, Scene b')
  })

  it('highlights the passage of the selected scene', async () => {
    const wrapper = await withScenes()
    await cards(wrapper)[1].trigger('click')
    expect(wrapper.get('.passage mark').text()).toBe('She carried it to the sea.')
  })

  it('sends an edited prompt as an edit and recounts its tokens', async () => {
    vi.useFakeTimers()
    const wrapper = await withScenes()
    await cards(wrapper)[0].get('textarea').setValue('a lantern by the sea at night')
    await vi.advanceTimersByTimeAsync(500)
    vi.useRealTimers()
    await flushPromises()
    expect(fake.callsTo('projects.edit').at(-1).edit).toEqual({ op: 'set-scene', sceneId: 'a', prompt: 'a lantern by the sea at night' })
    expect(project.document.scenes[0].prompt).toBe('a lantern by the sea at night')
    expect(cards(wrapper)[0].text()).toContain('7/75 tokens')
  })

  it('illustrates all with per-step progress, then shows the variants; Cancel all stops the queue', async () => {
    const jobs = fake.answerJob('projects.redoScene')
    fake.answerCancel()
    const wrapper = await withScenes()
    await buttonsNamed(wrapper, 'Illustrate all')[0].trigger('click')
    await flushPromises()
    fake.emit('job.progress', { jobId: jobs[0], call: 'projects.redoScene', stage: 'illustrating', step: 3, total: 20, preview: 'data:image/png;base64,P' })
    await flushPromises()
    expect(cards(wrapper)[0].get('[role="status"]').text()).toContain('Step 3 of 20')
    expect(cards(wrapper)[0].get('img').attributes('src')).toBe('data:image/png;base64,P')
    expect(cards(wrapper)[1].text()).toContain('Waiting for the picture before it')
    project.addVariant('a', 'pic-1', 7)
    fake.emit('job.done', { jobId: jobs[0], call: 'projects.redoScene', result: { id: PROJECT_ID, revision: 1, sceneId: 'a', variantId: 'pic-1' } })
    await flushPromises()
    expect(cards(wrapper)[0].get('img').attributes('src')).toBe(`http://studio.test/projects/${PROJECT_ID}/pictures/pic-1.png`)
    const strip = cards(wrapper)[0].get('section[aria-label="Variants of Scene a"]')
    expect(strip.get('button').attributes('aria-label')).toBe('Variant 1: Use this variant')
    expect(strip.get('button').attributes('aria-pressed')).toBe('true')
    expect(strip.get('button').attributes('title')).toContain('seed 7 · 20 steps · guidance 5 · ddim · 128×128 · cpu')
    await buttonsNamed(wrapper, 'Cancel all')[0].trigger('click')
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[1] }])
    expect(buttonsNamed(wrapper, 'Illustrate')).toHaveLength(3)
  })

  it("redoes a variant that is not the chosen one: chosen first, then drawn again with its settings", async () => {
    const jobs = fake.answerJob('projects.redoScene')
    const wrapper = await withScenes()
    project.addVariant('a', 'pic-1', 1)
    project.addVariant('a', 'pic-2', 2)
    await useProjectsStore().reload()
    await flushPromises()
    await cards(wrapper)[0].findAll('button').find((button) => button.text() === 'Redo with the same settings')!.trigger('click')
    await flushPromises()
    expect(fake.callsTo('projects.edit').at(-1).edit).toEqual({ op: 'choose-variant', sceneId: 'a', variantId: 'pic-1' })
    expect(fake.callsTo('projects.redoScene')).toEqual([{ id: PROJECT_ID, sceneId: 'a', seed: 'same' }])
    expect(jobs).toHaveLength(1)
  })

  it('deletes a variant through the project', async () => {
    const wrapper = await withScenes()
    project.addVariant('b', 'pic-1', 1)
    await useProjectsStore().reload()
    await flushPromises()
    await cards(wrapper)[1].findAll('button').find((button) => button.text() === 'Delete variant 1')!.trigger('click')
    await flushPromises()
    expect(project.document.scenes[1].variants).toEqual([])
    expect(cards(wrapper)[1].find('section.variants').exists()).toBe(false)
  })

  it('merges a scene with the next one through the studio', async () => {
    const wrapper = await withScenes()
    fake.answer('scenes.edit', ({ board: sent }) => ({ ...sent, scenes: sent.scenes.slice(1) }))
    await buttonsNamed(wrapper, 'Merge with next')[0].trigger('click')
    await flushPromises()
    expect(fake.callsTo('scenes.edit').at(-1).edit).toEqual({ op: 'merge', first: 'a', second: 'b' })
    expect(project.document.scenes.map((scene) => scene.id)).toEqual(['b', 'c'])
    expect(cards(wrapper)).toHaveLength(2)
    expect(buttonsNamed(wrapper, 'Merge with next').at(-1)!.attributes('disabled')).toBeDefined()
  })
})
