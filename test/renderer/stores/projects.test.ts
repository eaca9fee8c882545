import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { AUTOSAVE_DELAY_MS, useProjectsStore } = await import('../../../src/renderer/src/stores/projects')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

/** A studio that keeps saved projects in memory, as the project store on disk would. */
function savingStudio() {
  const saved = new Map<string, { title: string; story: string; style?: string }>()
  fake.answer('projects.save', ({ id, document }) => {
    saved.set(id, document)
    return { id, title: document.title, savedAt: 'now' }
  })
  fake.answer('projects.list', () => [...saved].map(([id, document]) => ({ id, title: document.title, savedAt: 'now' })))
  fake.answer('projects.load', ({ id }) => ({ id, document: saved.get(id), savedAt: 'now', readOnly: false }))
  return saved
}

describe('projects store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('saves a short pause after the last change and says so', async () => {
    const saved = savingStudio()
    const projects = useProjectsStore()
    const story = useStoryStore()
    story.text = 'Once'
    await flushPromises()
    expect(projects.saveState).toBe('unsaved')
    story.text = 'Once upon'
    await flushPromises()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(fake.callsTo('projects.save')).toHaveLength(1)
    expect([...saved.values()]).toEqual([{ title: '', story: 'Once upon', style: 'watercolor' }])
    expect(projects.saveState).toBe('saved')
    expect(projects.recent.map((project) => project.id)).toEqual([projects.currentId])
  })

  it('says why a save failed and keeps the text', async () => {
    fake.answer('projects.save', () => Promise.reject({ code: 'io', message: 'The disk is full.' }))
    const projects = useProjectsStore()
    useStoryStore().text = 'Kept'
    await projects.save()
    expect([projects.saveState, projects.saveError, useStoryStore().text]).toEqual(['failed', 'The disk is full.', 'Kept'])
  })

  it('starts a new project, opens a saved one, duplicates one', async () => {
    const saved = savingStudio()
    const projects = useProjectsStore()
    const story = useStoryStore()
    story.title = 'First'
    await projects.save()
    const first = projects.currentId
    await vi.advanceTimersByTimeAsync(1)
    await projects.create()
    expect([story.title, story.text, projects.currentId === first]).toEqual(['', '', false])
    await projects.open(first)
    expect([story.title, projects.currentId]).toEqual(['First', first])
    await projects.duplicate('Copy of First')
    expect(projects.currentId).not.toBe(first)
    expect([...saved.values()].map((document) => document.title).sort()).toEqual(['Copy of First', 'First'])
  })

  it('after a crash, restores the unsaved draft over the saved project and says so', async () => {
    const saved = savingStudio()
    saved.set('story-1', { title: 'Fox', story: 'Saved text' })
    fake.drafts.set('project', 'story-1')
    fake.drafts.set('story', { title: 'Fox', text: 'Saved text and more typed before the crash', pending: '' })
    const projects = useProjectsStore()
    await projects.start()
    expect(projects.restored).toBe(true)
    expect(useStoryStore().text).toBe('Saved text and more typed before the crash')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(saved.get('story-1')?.story).toBe('Saved text and more typed before the crash')
  })

  it('opens the saved project when this window has no draft of it', async () => {
    const saved = savingStudio()
    saved.set('story-1', { title: 'Fox', story: 'Saved text' })
    fake.drafts.set('project', 'story-1')
    const projects = useProjectsStore()
    await projects.start()
    expect([projects.restored, projects.saveState, useStoryStore().text]).toEqual([false, 'saved', 'Saved text'])
  })
})
