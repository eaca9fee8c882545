import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'
import { PACKS } from '../pack-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { usePacksStore } = await import('../../../src/renderer/src/stores/packs')

describe('packs store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => PACKS)
    fake.answer('packs.show', ({ id }) => ({ manifest: id === 'inky' ? {} : { memoryBytes: 1000 } }))
  })

  it('lists the packs with the active one of each kind and the memory each needs', async () => {
    const packs = usePacksStore()
    await packs.refresh()
    expect([packs.activeText?.id, packs.activeImage?.id]).toEqual(['story', 'pictures'])
    expect([...packs.memory.entries()]).toEqual([['story', 1000], ['pictures', 1000], ['inky', null]])
    await packs.refresh()
    expect(fake.callsTo('packs.show')).toHaveLength(3)
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
  })

  it('says what went wrong', async () => {
    fake.answer('packs.use', () => Promise.reject({ code: 'pack-invalid', message: 'The pack is damaged.' }))
    const packs = usePacksStore()
    await packs.use('inky')
    expect(packs.error).toBe('The pack is damaged.')
  })
})
