// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { PACKS } from '../pack-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: PacksView } = await import('../../../src/renderer/src/views/PacksView.vue')
const { usePacksStore } = await import('../../../src/renderer/src/stores/packs')

async function mounted() {
  await usePacksStore().refresh()
  return mountStudio(PacksView)
}

describe('Packs view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('packs.list', () => PACKS)
    fake.answer('packs.show', () => ({ manifest: { memoryBytes: 100 * 1024 * 1024 } }))
  })

  it('shows each pack with kind, architecture, size, licence and memory, grouped by kind', async () => {
    const wrapper = await mounted()
    const groups = wrapper.findAll('section.pack-group')
    expect(groups.map((group) => group.get('h3').text())).toEqual(['Story packs', 'Picture packs', 'Upscaler packs (print resolution)'])
    expect(groups[1].findAll('li.pack-row')).toHaveLength(2)
    const row = groups[0].get('li.pack-row').text()
    for (const fact of ['gpt2', '3.0 MiB', 'MIT', '100.0 MiB', 'In use', 'bundled', 'not run yet']) expect(row).toContain(fact)
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

  it('downloads by repository id with progress, speed and ETA; cancelling asks first', async () => {
    const jobs = fake.answerJob('packs.download')
    fake.answerCancel()
    const wrapper = await mounted()
    const form = wrapper.findAll('form')[1]
    await form.get('input').setValue('owner/model')
    await form.trigger('submit')
    await flushPromises()
    fake.emit('job.progress', { jobId: jobs[0], call: 'packs.download', stage: 'download', step: 1024 * 1024, total: 4 * 1024 * 1024, detail: { bytesPerSecond: 512 * 1024, etaSeconds: 6 } })
    await flushPromises()
    expect(wrapper.get('.install-progress').text()).toContain('download: 1.0 MiB of 4.0 MiB · 512.0 KiB/s · about 6 s left')
    fake.host.confirmAnswer = false
    await wrapper.get('.install-progress button').trigger('click')
    expect(fake.callsTo('jobs.cancel')).toEqual([])
    fake.host.confirmAnswer = true
    await wrapper.get('.install-progress button').trigger('click')
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(wrapper.find('.install-progress').exists()).toBe(false)
  })
})
