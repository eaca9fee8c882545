// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StudioClient } from '../../src/shared/client'

/**
 * A fake studio behind the renderer's one bridge module: it answers text.generate with a job
 * whose tokens the test releases one by one, and records cancellations.
 */
const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: { name: string; input: any }[] = []
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload))
  const client = {
    call: async (name: string, input: any) => {
      calls.push({ name, input })
      if (name === 'text.generate') return { jobId: 'job-1' }
      if (name === 'jobs.cancel') {
        queueMicrotask(() => emit('job.failed', { jobId: input.jobId, error: { code: 'cancelled', message: 'Cancelled.' } }))
        return { cancelled: true }
      }
      return []
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }
  return { client, calls, emit }
})
vi.mock('../../src/renderer/src/api/client', () => ({ studio: fake.client as unknown as StudioClient }))

const { default: StoryEditor } = await import('../../src/renderer/src/components/StoryEditor.vue')

describe('StoryEditor', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    fake.calls.length = 0
  })

  it('continues the story on Ctrl+Enter and shows tokens as they stream in', async () => {
    const wrapper = mount(StoryEditor)
    const story = wrapper.get('[data-testid="story-text"]')
    await story.setValue('Once upon a time')
    await story.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(fake.calls[0]).toMatchObject({ name: 'text.generate', input: { prompt: 'Once upon a time', options: { maxNewTokens: 80 } } })
    expect(wrapper.find('[data-testid="stop"]').exists()).toBe(true)

    fake.emit('job.token', { jobId: 'job-1', text: ', a fox', index: 0 })
    fake.emit('job.token', { jobId: 'job-other', text: 'NOT MINE', index: 0 })
    fake.emit('job.token', { jobId: 'job-1', text: ' sang.', index: 1 })
    await flushPromises()
    expect((story.element as HTMLTextAreaElement).value).toBe('Once upon a time, a fox sang.')

    const timings = { loadMs: 1, prefillMs: 1, decodeMs: 1, tokensPerSecond: 42 }
    fake.emit('job.done', { jobId: 'job-1', call: 'text.generate', result: { text: ', a fox sang.', tokens: 2, promptTokens: 4, trimmedTokens: 0, stopReason: 'eos', provider: 'cpu', timings } })
    await flushPromises()
    expect(wrapper.get('[data-testid="story-status"]').text()).toContain('42.0 tok/s')
    expect(wrapper.find('[data-testid="continue"]').exists()).toBe(true)
  })

  it('stops on Escape: the job is cancelled, the text so far is kept, no error is shown', async () => {
    const wrapper = mount(StoryEditor)
    const story = wrapper.get('[data-testid="story-text"]')
    await story.setValue('The owl')
    await wrapper.get('[data-testid="continue"]').trigger('click')
    await flushPromises()
    fake.emit('job.token', { jobId: 'job-1', text: ' flew', index: 0 })
    await story.trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(fake.calls.map((c) => c.name)).toEqual(['text.generate', 'jobs.cancel'])
    expect((story.element as HTMLTextAreaElement).value).toBe('The owl flew')
    expect(wrapper.find('[data-testid="story-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="continue"]').exists()).toBe(true)
  })
})
