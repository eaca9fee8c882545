import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { PACKS, details, fitOf } from '../pack-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { usePacksStore } = await import('../../../src/renderer/src/stores/packs')

describe('packs store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => PACKS)
    fake.answer('packs.show', ({ id }) => details(PACKS.find((pack) => pack.id === id)!))
    fake.answer('packs.fit', ({ id }) => {
      if (id === 'inky') throw { code: 'pack-invalid', message: 'inky has no UNet.' }
      return fitOf(PACKS.find((pack) => pack.id === id)!)
    })
  })

  it('lists the packs with the active one of each kind, their details and whether each fits', async () => {
    const packs = usePacksStore()
    await packs.refresh()
    expect([packs.activeText?.id, packs.activeImage?.id]).toEqual(['story', 'pictures'])
    expect([...packs.fits.entries()].map(([id, fit]) => [id, fit?.verdict ?? null])).toEqual([['story', 'fits'], ['pictures', 'fits'], ['inky', null]])
    expect(packs.details.get('story')?.weights).toBe('auto')
    // A pack the studio cannot estimate shows no estimate; it is not an error of the list.
    expect(packs.error).toBeNull()
    // Read again each time: optimizing, picking weights and settings change them.
    await packs.refresh()
    expect(fake.callsTo('packs.fit')).toHaveLength(6)
  })

  it('picks the weights a text pack runs', async () => {
    fake.answer('packs.use', () => ({ text: 'story', image: 'pictures' }))
    await usePacksStore().useWeights('story', 'int8')
    expect(fake.callsTo('packs.use')).toEqual([{ id: 'story', weights: 'int8' }])
  })

  it('pauses a download keeping its place, resumes it with the same request, and offers to optimize the new text pack', async () => {
    const jobs = fake.answerJob('packs.download')
    fake.answerCancel()
    const packs = usePacksStore()
    void packs.installFrom('download', 'owner/model')
    await flushPromises()
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.download', stage: 'download', step: 10, total: 100, detail: {} })
    packs.pauseInstall()
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(packs.install).toMatchObject({ paused: true, source: 'owner/model', progress: { step: 10 } })
    expect(packs.error).toBeNull()

    const resumed = packs.resumeInstall()
    await flushPromises()
    expect(fake.callsTo('packs.download')).toEqual([{ repo: 'owner/model' }, { repo: 'owner/model' }])
    expect(packs.install?.paused).toBe(false)
    const story = PACKS[0]!
    fake.emit('job.done', { jobId: jobs[1], call: 'packs.download', result: { pack: { ...story, id: 'model' }, notices: [] } })
    await resumed
    expect(packs.install).toBeNull()
    expect(packs.optimizeOffer?.id).toBe('model')
  })

  it('drops a paused download when cancelled', async () => {
    const jobs = fake.answerJob('packs.download')
    fake.answerCancel()
    const packs = usePacksStore()
    void packs.installFrom('download', 'owner/model')
    await flushPromises()
    packs.pauseInstall()
    await flushPromises()
    packs.cancelInstall()
    expect(packs.install).toBeNull()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
  })

  it('uses, verifies and removes a pack; the list follows packs.changed', async () => {
    fake.answer('packs.use', () => ({ text: 'story', image: 'inky' }))
    fake.answer('packs.verify', () => ({ ok: false, problems: ['unet/model.onnx: sha256 differs'] }))
    fake.answer('packs.remove', () => ({ removed: true, active: {} }))
    const packs = usePacksStore()
    await packs.use('inky')
    await packs.verify('inky')
    await packs.remove('inky')
    expect(fake.callsTo('packs.use')).toEqual([{ id: 'inky' }])
    expect(packs.verified.get('inky')?.problems).toEqual(['unet/model.onnx: sha256 differs'])
    expect(fake.callsTo('packs.remove')).toEqual([{ id: 'inky' }])
    fake.emit('packs.changed', { active: {} })
    await flushPromises()
    expect(fake.callsTo('packs.list')).toHaveLength(1)
  })

  it('downloads with progress and can be cancelled', async () => {
    const jobs = fake.answerJob('packs.download')
    fake.answerCancel()
    const packs = usePacksStore()
    const run = packs.installFrom('download', 'owner/model')
    await flushPromises()
    expect(fake.callsTo('packs.download')).toEqual([{ repo: 'owner/model' }])
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.download', stage: 'download', step: 10, total: 100, detail: { bytesPerSecond: 5, etaSeconds: 18 } })
    expect(packs.install?.progress).toMatchObject({ step: 10, detail: { etaSeconds: 18 } })
    packs.cancelInstall()
    await run
    expect([packs.install, packs.error]).toEqual([null, null])
  })

  it('imports a folder, reports its notices and lists the new pack', async () => {
    const jobs = fake.answerJob('packs.import')
    const packs = usePacksStore()
    const run = packs.installFrom('import', '/tmp/pack')
    await flushPromises()
    fake.emit('job.done', { jobId: jobs[0], call: 'packs.import', result: { pack: PACKS[2], notices: ['Derived a manifest.'] } })
    await run
    expect(packs.notices).toEqual(['Derived a manifest.'])
    expect(packs.packs).toHaveLength(3)
    // A picture pack is not offered to be optimized.
    expect(packs.optimizeOffer).toBeNull()
  })

  it('says what went wrong', async () => {
    fake.answer('packs.use', () => Promise.reject({ code: 'pack-invalid', message: 'The pack is damaged.' }))
    const packs = usePacksStore()
    await packs.use('inky')
    expect(packs.error).toBe('The pack is damaged.')
  })
})
