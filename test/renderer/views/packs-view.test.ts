// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { INT8_VARIANT, PACKS, details, fitOf, pack } from '../pack-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: PacksView } = await import('../../../src/renderer/src/views/PacksView.vue')
const { usePacksStore } = await import('../../../src/renderer/src/stores/packs')

const MIB = 2 ** 20
const mine = pack('mine', 'text', { active: true })
const everyPack = () => [...PACKS.map((candidate) => (candidate.id === 'story' ? { ...candidate, active: false } : candidate)), mine]

async function mounted(locale: 'en' | 'zh-CN' = 'en') {
  await usePacksStore().refresh()
  const wrapper = mountStudio(PacksView, locale)
  await flushPromises()
  return wrapper
}

describe('Packs view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => PACKS)
    fake.answer('packs.show', ({ id }) => details(everyPack().find((candidate) => candidate.id === id)!))
    fake.answer('packs.fit', ({ id }) => fitOf(everyPack().find((candidate) => candidate.id === id)!))
  })

  it('shows each pack with kind, architecture, size, licence, memory and provider, grouped by kind', async () => {
    const wrapper = await mounted()
    const groups = wrapper.findAll('section.pack-group')
    expect(groups.map((group) => group.get('h3').text())).toEqual(['Story packs', 'Picture packs', 'Upscaler packs (print resolution)'])
    expect(groups[1]!.findAll('li.pack-row')).toHaveLength(2)
    const row = groups[0]!.get('li.pack-row').text()
    for (const fact of ['gpt2', '3.0 MiB', 'MIT', '100.0 MiB', 'In use', 'bundled', 'Runs oncpu']) expect(row).toContain(fact)
  })

  it('says honestly whether a pack fits, what the estimate counts, and why the GPU would not run it', async () => {
    fake.answer('packs.fit', ({ id }) =>
      id === 'inky'
        ? fitOf(PACKS[2]!, { verdict: 'tight', neededBytes: 12 * 2 ** 30, freeBytes: 2 * 2 ** 30 })
        : fitOf(everyPack().find((candidate) => candidate.id === id)!),
    )
    const wrapper = await mounted()
    const notes = wrapper.findAll('.pack-fit')
    expect(notes[0]!.findAll('p').map((line) => line.text())).toEqual([
      "Fits: needs about 100.0 MiB, 8.0 GiB of this machine's 16.0 GiB free. Runs on cpu.",
      '4.0 MiB of weights + 96.0 MiB for a full 1024-token window.',
      'cuda would not run it: libonnxruntime_providers_cuda.so is not installed',
    ])
    expect(notes[2]!.get('.fit-verdict').text()).toBe("Tight: needs about 12.0 GiB, but only 2.0 GiB of this machine's 16.0 GiB is free now. Close other programs first. Runs on cpu.")
    expect(notes[1]!.text()).toContain('for a 512 × 512 picture')
  })

  it('against a GPU, measures with its own memory (no GPU can be present here: the estimate is scripted)', async () => {
    fake.answer('packs.fit', ({ id }) => fitOf(everyPack().find((candidate) => candidate.id === id)!, { provider: 'cuda', attempts: [{ provider: 'cuda' }], memory: 'gpu', totalBytes: 24 * 2 ** 30, freeBytes: null }))
    const wrapper = await mounted()
    expect(wrapper.get('.fit-verdict').text()).toBe("Fits: needs about 100.0 MiB of the GPU's 24.0 GiB. Runs on cuda.")
  })

  it('lists the weight variants with size, speed and agreement, and picks the one that runs', async () => {
    fake.answer('packs.list', () => everyPack())
    fake.answer('packs.show', ({ id }) => {
      const summary = everyPack().find((candidate) => candidate.id === id)!
      return id === 'mine' ? details(summary, { manifest: { ...details(summary).manifest, variants: [INT8_VARIANT] } as never }) : details(summary)
    })
    fake.answer('packs.fit', ({ id }) =>
      fitOf(everyPack().find((candidate) => candidate.id === id)!, id === 'mine' ? { weights: 'int8', variants: [{ weights: 'int8', sizeBytes: MIB }, { weights: 'fp32', sizeBytes: 4 * MIB }] } : {}),
    )
    fake.answer('packs.use', () => ({ text: 'mine', image: 'pictures' }))
    const wrapper = await mounted()
    const table = wrapper.findAll('.pack-variants table').find((candidate) => candidate.get('caption').text() === 'Weight variants of Pack mine')!
    expect(table.findAll('tbody tr').map((row) => row.findAll('th, td').map((cell) => cell.text()))).toEqual([
      ['int8runs', '1.0 MiB', '2.40× the original', '98.2%'],
      ['fp32', '4.0 MiB', 'the original', 'the original'],
    ])
    const choose = wrapper.findAll('label').find((label) => label.text().startsWith('Weights that run'))!.get('select')
    expect(choose.findAll('option').map((option) => option.text())).toEqual(['Automatic (int8 or q4 on CPU, fp16 on GPU)', 'int8', 'fp32'])
    await choose.setValue('fp32')
    expect(fake.callsTo('packs.use')).toEqual([{ id: 'mine', weights: 'fp32' }])
    // Only the pack in use offers the choice (choosing makes a pack the one in use).
    expect(wrapper.findAll('label').filter((label) => label.text().startsWith('Weights that run'))).toHaveLength(1)
  })

  it('offers to optimize a text pack just added, runs it with progress and cancel, then shows what it measured', async () => {
    fake.answer('packs.list', () => everyPack())
    const jobs = fake.answerJob('packs.optimize')
    const packs = usePacksStore()
    packs.optimizeOffer = mine
    const wrapper = await mounted()
    const offer = wrapper.get('.optimize-offer')
    expect(offer.get('h3').text()).toBe('Pack mine was added. Make it faster?')
    expect(offer.get('select').findAll('option').map((option) => option.text())).toEqual(['int8 (CPU, smaller)', 'q4 (CPU, smallest)', 'fp16 (GPU)'])
    await offer.get('select').setValue('q4')
    await offer.get('button[aria-label="Optimize Pack mine"]').trigger('submit')
    await flushPromises()
    expect(fake.callsTo('packs.optimize')).toEqual([{ pack: 'mine', weights: 'q4' }])
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.optimize', stage: 'quality', step: 3, total: 8 })
    await flushPromises()
    expect(wrapper.get('.optimize-progress').text()).toContain('Checking quality: 3 of 8')
    expect(wrapper.get('.optimize-progress progress').attributes('aria-label')).toBe('Optimizing Pack mine')

    const variant = { ...INT8_VARIANT, weights: 'q4' as const, files: ['onnx/model_int8.onnx'], quality: { ...INT8_VARIANT.quality, agreement: 0.9 } }
    fake.emit('job.done', { jobId: jobs[0], call: 'packs.optimize', result: { path: '/packs/mine', variant, warning: 'Top-1 agreement is 90.0% of next tokens, below the 92% expected of q4.' } })
    await flushPromises()
    expect(wrapper.find('.optimize-offer').exists()).toBe(false)
    const row = wrapper.findAll('li.pack-row').find((candidate) => candidate.text().includes('Pack mine'))!
    expect(row.get('.optimize-result').text()).toBe('q4: 1.0 MiB, 2.40× the speed of the original, top-1 agreement 90.0%, perplexity 1.0%.')
    expect(row.get('[role=alert]').text()).toBe('Quality warning: Top-1 agreement is 90.0% of next tokens, below the 92% expected of q4.')
  })

  it('cancels optimizing, and can decline the offer', async () => {
    fake.answer('packs.list', () => everyPack())
    fake.answerJob('packs.optimize')
    fake.answerCancel()
    usePacksStore().optimizeOffer = mine
    const wrapper = await mounted()
    await wrapper.get('.optimize-offer form').trigger('submit')
    await flushPromises()
    await wrapper.get('.optimize-progress button').trigger('click')
    await flushPromises()
    expect(wrapper.find('.optimize-progress').exists()).toBe(false)
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    await wrapper.findAll('button').find((button) => button.text() === 'Not now')!.trigger('click')
    expect(wrapper.find('.optimize-offer').exists()).toBe(false)
    // Bundled packs are read-only: no optimize control.
    expect(wrapper.find('button[aria-label="Optimize Pack story"]').exists()).toBe(false)
    expect(wrapper.find('button[aria-label="Optimize Pack mine"]').exists()).toBe(true)
  })

  it('uses a picture pack, and removes one only after asking', async () => {
    fake.answer('packs.use', () => ({}))
    fake.answer('packs.remove', () => ({ removed: true, active: {} }))
    const wrapper = await mounted()
    expect(wrapper.get('button[aria-label="Use Pack pictures"]').attributes('disabled')).toBeDefined()
    await wrapper.get('button[aria-label="Use Pack inky"]').trigger('click')
    fake.host.confirmAnswer = false
    await wrapper.get('button[aria-label="Remove Pack inky"]').trigger('click')
    await flushPromises()
    expect(fake.callsTo('packs.use')).toEqual([{ id: 'inky' }])
    expect(fake.callsTo('packs.remove')).toEqual([])
    expect(wrapper.find('button[aria-label="Remove Pack story"]').exists()).toBe(false)
  })

  it('verifies a pack and lists what differs', async () => {
    fake.answer('packs.verify', () => ({ ok: false, problems: ['unet/model.onnx: sha256 differs'] }))
    const wrapper = await mounted()
    await wrapper.get('button[aria-label="Verify Pack inky"]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('unet/model.onnx: sha256 differs')
  })

  it('downloads with progress, speed and ETA; a stall says so while it retries; pause, resume; cancelling asks first', async () => {
    const jobs = fake.answerJob('packs.download')
    fake.answerCancel()
    const wrapper = await mounted()
    const form = wrapper.findAll('form').find((candidate) => candidate.text().includes('Hub repository'))!
    await form.get('input').setValue('owner/model')
    await form.trigger('submit')
    await flushPromises()
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.download', stage: 'download', step: MIB, total: 4 * MIB, detail: { bytesPerSecond: 512 * 1024, etaSeconds: 6 } })
    await flushPromises()
    expect(wrapper.get('.install-progress').text()).toContain('Downloading: 1.0 MiB of 4.0 MiB · 512.0 KiB/s · about 6 s left')
    fake.emit('job.progress', {
      jobId: jobs[0], call: 'packs.download', stage: 'download', step: MIB, total: 4 * MIB,
      detail: { bytesPerSecond: 0, retryCause: 'stall', retryReason: 'the connection stalled: no data arrived for too long', retryAttempt: 2, retryAttempts: 6 },
    })
    await flushPromises()
    expect(wrapper.get('.install-text').text()).toBe('Downloading: 1.0 MiB of 4.0 MiB · Stalled: no data arrived for 30 s. Retrying (attempt 2 of 6)…')
    expect(wrapper.get('.install-text').classes()).toContain('stalled')

    await wrapper.findAll('.install-progress button').find((button) => button.text() === 'Pause')!.trigger('click')
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(wrapper.get('.install-text').text()).toBe('Paused at 1.0 MiB of 4.0 MiB; what arrived is kept.')
    await wrapper.findAll('.install-progress button').find((button) => button.text() === 'Resume')!.trigger('click')
    await flushPromises()
    expect(fake.callsTo('packs.download')).toEqual([{ repo: 'owner/model' }, { repo: 'owner/model' }])

    const cancel = () => wrapper.findAll('.install-progress button').find((button) => button.text() === 'Cancel download')!.trigger('click')
    fake.host.confirmAnswer = false
    await cancel()
    expect(fake.callsTo('jobs.cancel')).toHaveLength(1)
    fake.host.confirmAnswer = true
    await cancel()
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }, { jobId: jobs[1] }])
    expect(wrapper.find('.install-progress').exists()).toBe(false)
  })

  it('speaks Chinese', async () => {
    const wrapper = await mounted('zh-CN')
    expect(wrapper.get('.fit-verdict').text()).toBe('可以运行：约需 100.0 MiB，本机 16.0 GiB 中有 8.0 GiB 可用。运行于 cpu。')
  })
})
