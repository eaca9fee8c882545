import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

const result = (text: string) => ({ text, tokens: 2, promptTokens: 5, provider: 'cpu', timings: { tokensPerSecond: 10 } })

describe('story store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
  })

  it('streams a continuation into the suggestion, apart from the story, until it is accepted', async () => {
    const jobs = fake.answerJob('text.generate')
    const story = useStoryStore()
    story.text = 'The fox'
    const run = story.continueStory()
    await flushPromises()
    expect(fake.callsTo('text.generate')[0]).toMatchObject({ prompt: 'The fox', options: { temperature: 0.8, topK: 50, maxNewTokens: 80 } })
    expect(fake.callsTo('text.generate')[0].options).not.toHaveProperty('seed')
    fake.emit('job.token', { jobId: jobs[0], text: ' ran', index: 0 })
    fake.emit('job.token', { jobId: 'someone-else', text: ' X', index: 0 })
    expect(story.pending).toBe(' ran')
    expect(story.text).toBe('The fox')
    fake.emit('job.done', { jobId: jobs[0], call: 'text.generate', result: result(' ran') })
    await run
    expect(story.tokensUsed).toBe(7)
    story.accept()
    expect([story.text, story.pending]).toEqual(['The fox ran', ''])
  })

  it('continues after a suggestion not yet accepted, and regenerating replaces it', async () => {
    const jobs = fake.answerJob('text.generate')
    const story = useStoryStore()
    story.text = 'A'
    story.pending = ' b'
    const run = story.regenerate()
    await flushPromises()
    expect(fake.callsTo('text.generate')[0].prompt).toBe('A')
    fake.emit('job.token', { jobId: jobs[0], text: ' c', index: 0 })
    fake.emit('job.done', { jobId: jobs[0], call: 'text.generate', result: result(' c') })
    await run
    expect(story.pending).toBe(' c')
  })

  it('stops: the job is cancelled, what streamed is kept, no error is shown', async () => {
    const jobs = fake.answerJob('text.generate')
    fake.answerCancel()
    const story = useStoryStore()
    const run = story.continueStory()
    await flushPromises()
    fake.emit('job.token', { jobId: jobs[0], text: 'Once', index: 0 })
    story.stop()
    await run
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect([story.pending, story.error, story.generating]).toEqual(['Once', null, false])
  })

  it('says what went wrong when generation fails', async () => {
    const jobs = fake.answerJob('text.generate')
    const story = useStoryStore()
    const run = story.continueStory()
    await flushPromises()
    fake.emit('job.failed', { jobId: jobs[0], error: { code: 'pack-missing', message: 'No story pack is installed.' } })
    await run
    expect(story.error).toBe('No story pack is installed.')
  })

  it('applies a preset to every advanced setting and sends a chosen seed', async () => {
    fake.answerJob('text.generate')
    const story = useStoryStore()
    story.choosePreset('focused')
    story.advanced.seed = 42
    void story.continueStory()
    await flushPromises()
    expect(fake.callsTo('text.generate')[0].options).toEqual({
      temperature: 0.5, topK: 20, topP: 0.9, repetitionPenalty: 1.2, noRepeatNgramSize: 4, maxNewTokens: 80, seed: 42,
    })
  })

  it('keeps the draft through a reload (a new store reads what the last one wrote)', async () => {
    const story = useStoryStore()
    story.title = 'Fox'
    story.text = 'Once'
    story.pending = ' upon'
    await flushPromises()
    freshStores()
    const reloaded = useStoryStore()
    expect([reloaded.title, reloaded.text, reloaded.pending]).toEqual(['Fox', 'Once', ' upon'])
  })

  it('counts the tokens of the story and suggestion under the text pack', async () => {
    fake.answer('text.tokenize', ({ text }) => ({ ids: [], count: text.length }))
    const story = useStoryStore()
    story.text = 'abc'
    story.pending = 'de'
    await story.countTokens()
    expect(story.tokensUsed).toBe(5)
  })
})
