import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { board, renderResult, STORY } from '../scene-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useScenesStore } = await import('../../../src/renderer/src/stores/scenes')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

function setup() {
  const story = useStoryStore()
  story.text = STORY
  const scenes = useScenesStore()
  scenes.board = board()
  return scenes
}

describe('scenes store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('finds the scenes of the accepted story in the chosen style', async () => {
    fake.answer('scenes.extract', () => ({ ...board(), style: 'ink', notices: ['Only 3 scenes.'] }))
    const story = useStoryStore()
    story.text = STORY
    story.pending = ' not accepted'
    const scenes = useScenesStore()
    await scenes.extract('ink')
    expect(fake.callsTo('scenes.extract')).toEqual([{ story: STORY, style: 'ink' }])
    expect([scenes.board.style, scenes.board.scenes.length, scenes.notices]).toEqual(['ink', 3, ['Only 3 scenes.']])
  })

  it('sends every edit with the story and the whole board, and takes the board back', async () => {
    const scenes = setup()
    fake.answer('scenes.edit', ({ board: sent }) => ({ ...sent, scenes: sent.scenes.slice(1) }))
    await scenes.edit({ op: 'merge', first: 'a', second: 'b' })
    expect(fake.callsTo('scenes.edit')[0]).toMatchObject({ story: STORY, edit: { op: 'merge', first: 'a', second: 'b' } })
    expect(scenes.board.scenes.map((scene) => scene.id)).toEqual(['b', 'c'])
  })

  it('renders one picture at a time: the others wait, with progress, ETA and preview for the running one', async () => {
    const scenes = setup()
    const jobs = fake.answerJob('image.render')
    scenes.lockedSeeds.add('a')
    scenes.illustrateAll()
    await flushPromises()
    expect(fake.callsTo('image.render')).toEqual([{ prompt: 'prompt a', negativePrompt: '', seed: 7 }])
    expect([...scenes.renders.values()].map((render) => render.status)).toEqual(['rendering', 'queued', 'queued'])
    fake.emit('job.progress', { jobId: jobs[0], call: 'image.render', stage: 'denoise', step: 5, total: 20, preview: 'data:image/png;base64,P' })
    expect(scenes.renders.get('a')).toMatchObject({ step: 5, total: 20, preview: 'data:image/png;base64,P' })
    expect(scenes.renders.get('a')!.etaSeconds).toBeGreaterThanOrEqual(0)
    fake.emit('job.done', { jobId: jobs[0], call: 'image.render', result: renderResult(7) })
    await flushPromises()
    expect(scenes.variants.a.map((variant) => variant.image)).toEqual(['data:image/png;base64,PNG7'])
    expect(scenes.board.scenes[0].image).toBe('data:image/png;base64,PNG7')
    expect(fake.callsTo('image.render')).toHaveLength(2)
    expect(fake.callsTo('image.render')[1].seed).not.toBe(undefined)
  })

  it('redoes a variant with its saved settings: a second variant, the first and the other scenes unchanged', async () => {
    const scenes = setup()
    const jobs = fake.answerJob('image.render')
    scenes.illustrate('a')
    await flushPromises()
    fake.emit('job.done', { jobId: jobs[0], call: 'image.render', result: renderResult(1) })
    await flushPromises()
    const first = scenes.variants.a[0]
    scenes.illustrate('a', { ...first.record, steps: 30 })
    await flushPromises()
    expect(fake.callsTo('image.render')[1]).toMatchObject({ prompt: 'prompt a', steps: 30, guidance: 5, scheduler: 'ddim', width: 128 })
    fake.emit('job.done', { jobId: jobs[1], call: 'image.render', result: renderResult(2) })
    await flushPromises()
    expect(scenes.variants.a.map((variant) => variant.record.seed)).toEqual([1, 2])
    expect(scenes.board.scenes[0].image).toBe(first.image)
    expect(scenes.variants.b).toBeUndefined()
    scenes.chooseVariant('a', scenes.variants.a[1].id)
    expect(scenes.board.scenes[0].image).toBe('data:image/png;base64,PNG2')
    scenes.deleteVariant('a', scenes.variants.a[1].id)
    expect(scenes.variants.a).toHaveLength(1)
    expect(scenes.board.scenes[0].image).toBe(first.image)
  })

  it('cancels one waiting picture, or all of them with the running one', async () => {
    const scenes = setup()
    const jobs = fake.answerJob('image.render')
    fake.answerCancel()
    scenes.illustrateAll()
    await flushPromises()
    scenes.cancel('b')
    expect([...scenes.renders.keys()]).toEqual(['a', 'c'])
    scenes.cancelAll()
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(scenes.renders.size).toBe(0)
    expect(fake.callsTo('image.render')).toHaveLength(1)
    expect(scenes.error).toBeNull()
  })

  it('counts prompt tokens with the picture pack tokenizer and keeps seeds in range', async () => {
    const scenes = setup()
    fake.answer('image.tokenize', ({ text }) => ({ ids: [], count: text.split(' ').length }))
    await scenes.countPromptTokens('b')
    expect(scenes.promptTokens.get('b')).toBe(2)
    scenes.setSeed('b', -1)
    scenes.setSeed('c', 99)
    expect(scenes.board.scenes.map((scene) => scene.seed)).toEqual([7, 7, 99])
  })

  it('keeps the board and the variants through a reload', async () => {
    const scenes = setup()
    scenes.toggleSeedLock('c')
    await flushPromises()
    freshStores()
    const reloaded = useScenesStore()
    expect(reloaded.board.scenes.map((scene) => scene.id)).toEqual(['a', 'b', 'c'])
    expect(reloaded.lockedSeeds.has('c')).toBe(true)
  })
})
