// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: WriteView } = await import('../../../src/renderer/src/views/WriteView.vue')

const buttonNamed = (wrapper: ReturnType<typeof mountStudio>, name: string) =>
  wrapper.findAll('button').find((button) => button.text() === name)

describe('Write view', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    fake.answer('text.tokenize', ({ text }) => ({ ids: [], count: text.length }))
  })

  it('continues on Ctrl+Enter, marks the suggestion until it is accepted, and shows the window use', async () => {
    const jobs = fake.answerJob('text.generate')
    const wrapper = mountStudio(WriteView)
    const story = wrapper.get('textarea')
    await story.setValue('The owl')
    await story.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(buttonNamed(wrapper, 'Stop')).toBeDefined()
    fake.emit('job.token', { jobId: jobs[0], text: ' hooted', index: 0 })
    await flushPromises()
    const suggestion = wrapper.get('section[aria-label="Suggested continuation (not yet part of the story)"]')
    expect(suggestion.get('mark').text()).toBe('hooted')
    expect((story.element as HTMLTextAreaElement).value).toBe('The owl')
    fake.emit('job.done', { jobId: jobs[0], call: 'text.generate', result: { text: ' hooted', tokens: 1, promptTokens: 2, provider: 'cpu', timings: { tokensPerSecond: 9 } } })
    await flushPromises()
    expect(wrapper.text()).toContain("3 of 1024 tokens in the model's window")
    expect(wrapper.text()).toContain('1 tokens · 9.0 tokens/s · cpu')
    await buttonNamed(wrapper, 'Accept')!.trigger('click')
    expect((story.element as HTMLTextAreaElement).value).toBe('The owl hooted')
    expect(wrapper.find('mark').exists()).toBe(false)
  })

  it('stops on Escape and offers Regenerate and Discard for what came', async () => {
    const jobs = fake.answerJob('text.generate')
    fake.answerCancel()
    const wrapper = mountStudio(WriteView)
    await buttonNamed(wrapper, 'Continue the story')!.trigger('click')
    await flushPromises()
    fake.emit('job.token', { jobId: jobs[0], text: 'Once', index: 0 })
    await wrapper.get('textarea').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(fake.callsTo('jobs.cancel')).toEqual([{ jobId: jobs[0] }])
    expect(buttonNamed(wrapper, 'Regenerate')).toBeDefined()
    await buttonNamed(wrapper, 'Discard')!.trigger('click')
    expect(wrapper.find('mark').exists()).toBe(false)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })

  it('fills the advanced settings from a preset', async () => {
    const wrapper = mountStudio(WriteView)
    const creative = wrapper.findAll('input[type="radio"]').find((input) => input.element.parentElement?.textContent?.includes('Creative'))!
    await creative.setValue(true)
    const temperature = wrapper.findAll('label').find((label) => label.text().startsWith('Temperature'))!.get('input')
    expect((temperature.element as HTMLInputElement).value).toBe('1.1')
  })

  it('shows what went wrong and what to do', async () => {
    const jobs = fake.answerJob('text.generate')
    const wrapper = mountStudio(WriteView)
    await buttonNamed(wrapper, 'Continue the story')!.trigger('click')
    await flushPromises()
    fake.emit('job.failed', { jobId: jobs[0], error: { code: 'pack-missing', message: 'No story pack is installed.' } })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('No story pack is installed. Try again; if it keeps failing, check the Packs view.')
  })

  it('speaks Simplified Chinese', () => {
    const wrapper = mountStudio(WriteView, 'zh-CN')
    expect(buttonNamed(wrapper, '续写故事')).toBeDefined()
  })
})
