import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { INT8_VARIANT, PACKS, details, fitOf, pack } from '../pack-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { usePackOptimizeStore } = await import('../../../src/renderer/src/stores/pack-optimize')
const { usePacksStore } = await import('../../../src/renderer/src/stores/packs')

const mine = pack('mine', 'text')

describe('pack optimize store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => [...PACKS, mine])
    fake.answer('packs.show', ({ id }) => details([...PACKS, mine].find((candidate) => candidate.id === id)!))
    fake.answer('packs.fit', ({ id }) => fitOf([...PACKS, mine].find((candidate) => candidate.id === id)!))
  })

  it('optimizes with progress, keeps the result, ends the offer and reads the pack again', async () => {
    const jobs = fake.answerJob('packs.optimize')
    const packs = usePacksStore()
    packs.optimizeOffer = mine
    const optimizer = usePackOptimizeStore()
    const run = optimizer.optimize('mine', 'int8')
    await flushPromises()
    expect(fake.callsTo('packs.optimize')).toEqual([{ pack: 'mine', weights: 'int8' }])
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.optimize', stage: 'quality', step: 3, total: 8 })
    expect(optimizer.running).toMatchObject({ packId: 'mine', weights: 'int8', progress: { stage: 'quality', step: 3 } })
    const result = { path: '/packs/mine', variant: INT8_VARIANT, warning: null }
    fake.emit('job.done', { jobId: jobs[0], call: 'packs.optimize', result })
    await run
    expect(optimizer.running).toBeNull()
    expect(optimizer.results.get('mine')).toEqual(result)
    expect(packs.optimizeOffer).toBeNull()
    expect(fake.callsTo('packs.list')).toHaveLength(1)
  })

  it('cancels without an error, and reports a failure', async () => {
    fake.answerJob('packs.optimize')
    fake.answerCancel()
    const optimizer = usePackOptimizeStore()
    const run = optimizer.optimize('mine', 'q4')
    await flushPromises()
    optimizer.cancel()
    await run
    expect([optimizer.running, optimizer.error, optimizer.results.size]).toEqual([null, null, 0])

    fake.answer('packs.optimize', () => Promise.reject({ code: 'unsupported', message: 'story is bundled with the app and read-only.' }))
    await optimizer.optimize('story', 'int8')
    expect(optimizer.error).toBe('story is bundled with the app and read-only.')
  })
})
