import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores } from '../fake-studio'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { AUTOSAVE_DELAY_MS, useProjectsStore } = await import('../../../src/renderer/src/stores/projects')
const { useStoryStore } = await import('../../../src/renderer/src/stores/story')

interface Saved {
  title: string
  story: string
}

/** A studio that keeps projects in memory, answering the projects.* calls as the project folders would. */
function projectStudio() {
  const saved = new Map<string, Saved>()
  let next = 1
  const snapshot = (id: string) => ({
    id, savedAt: 'now', revision: 1, readOnly: false, pictureUrls: {},
    document: { title: saved.get(id)!.title, style: 'watercolor', segments: [{ id: 's1', origin: 'person', text: saved.get(id)!.story }] },
  })
  fake.answer('projects.create', ({ title = '', story = '' }) => {
    const id = `p${next++}`
    saved.set(id, { title, story })
    return snapshot(id)
  })
  fake.answer('projects.edit', ({ id, edit }) => {
    const project = saved.get(id)!
    if (edit.op === 'set-story') project.story = edit.story
    if (edit.op === 'set-meta') project.title = edit.title
    return snapshot(id)
  })
  fake.answer('projects.open', ({ id }) => snapshot(id))
  fake.answer('projects.list', () => [...saved].map(([id, project]) => ({ id, title: project.title, savedAt: 'now', sceneCount: 0 })))
  fake.answer('projects.duplicate', ({ id, title }) => {
    const copy = `p${next++}`
    saved.set(copy, { ...saved.get(id)!, title })
    return { id: copy, title, savedAt: 'now', sceneCount: 0 }
  })
  fake.answer('projects.delete', ({ id }) => (saved.delete(id), { trashedTo: `/trash/${id}` }))
  return saved
}

describe('projects store', () => {
  beforeEach(() => {
    fake.reset()
    freshStores()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('makes the project folder on the first save, then saves edits a short pause after the last change', async () => {
    const saved = projectStudio()
    const projects = useProjectsStore()
    const story = useStoryStore()
    story.text = 'Once'
    await flushPromises()
    expect(projects.saveState).toBe('unsaved')
    story.text = 'Once upon'
    await flushPromises()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(fake.callsTo('projects.create')).toEqual([{ title: '', story: 'Once upon' }])
    story.title = 'Fox'
    await flushPromises()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect([...saved.entries()]).toEqual([['p1', { title: 'Fox', story: 'Once upon' }]])
    expect([projects.saveState, projects.currentId, projects.recent.map((project) => project.id)]).toEqual(['saved', 'p1', ['p1']])
  })

  it('says why a save failed and keeps the text', async () => {
    fake.answer('projects.create', () => Promise.reject({ code: 'io', message: 'The disk is full.' }))
    const projects = useProjectsStore()
    useStoryStore().text = 'Kept'
    await projects.save()
    expect([projects.saveState, projects.saveError, useStoryStore().text]).toEqual(['failed', 'The disk is full.', 'Kept'])
  })

  it('starts a new project, opens a saved one, duplicates and deletes one', async () => {
    const saved = projectStudio()
    const projects = useProjectsStore()
    const story = useStoryStore()
    story.title = 'First'
    await projects.save()
    await projects.create()
    expect([story.title, story.text, projects.currentId]).toEqual(['', '', null])
    await projects.open('p1')
    expect([story.title, projects.currentId]).toEqual(['First', 'p1'])
    await projects.duplicate('Copy of First')
    expect([projects.currentId, story.title]).toEqual(['p2', 'Copy of First'])
    await projects.remove()
    expect([[...saved.keys()], projects.currentId]).toEqual([['p1'], null])
  })

  it('after a crash, restores the unsaved draft over the saved project and says so', async () => {
    const saved = projectStudio()
    saved.set('p9', { title: 'Fox', story: 'Saved text' })
    fake.drafts.set('project', 'p9')
    fake.drafts.set('story', { title: 'Fox', text: 'Saved text and more typed before the crash', pending: '' })
    const projects = useProjectsStore()
    await projects.start()
    expect(projects.restored).toBe(true)
    expect(useStoryStore().text).toBe('Saved text and more typed before the crash')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(saved.get('p9')?.story).toBe('Saved text and more typed before the crash')
  })

  it('opens the saved project when this window has no draft of it', async () => {
    const saved = projectStudio()
    saved.set('p9', { title: 'Fox', story: 'Saved text' })
    fake.drafts.set('project', 'p9')
    const projects = useProjectsStore()
    await projects.start()
    expect([projects.restored, projects.saveState, useStoryStore().text]).toEqual([false, 'saved', 'Saved text'])
  })

  it('sends document edits to the studio (saving the typed text first) and shows the document it answers', async () => {
    const saved = projectStudio()
    const projects = useProjectsStore()
    useStoryStore().text = 'Typed just now'
    let answer: (value: unknown) => void = () => {}
    fake.answer('projects.edit', ({ id, edit }) => {
      if (edit.op === 'set-story') saved.get(id)!.story = edit.story
      if (edit.op !== 'set-book') return { id, savedAt: 'now', revision: 1, readOnly: false, pictureUrls: {}, document: { title: '', segments: [] } }
      return new Promise((resolve) => (answer = resolve))
    })
    const editing = projects.edit({ op: 'set-book', book: { dpi: 300 } })
    await flushPromises()
    expect(saved.get('p1')?.story).toBe('Typed just now')
    expect(projects.saveState).toBe('saving')
    answer({ id: 'p1', savedAt: 'now', revision: 2, readOnly: false, pictureUrls: {}, document: { title: '', segments: [], book: { dpi: 300 } } })
    await editing
    expect([projects.saveState, projects.snapshot?.revision, projects.document?.book]).toEqual(['saved', 2, { dpi: 300 }])
  })

  it('an edit the studio refuses fails with its message and leaves the document as it was', async () => {
    projectStudio()
    const projects = useProjectsStore()
    await projects.save()
    const before = projects.snapshot
    fake.answer('projects.edit', () => Promise.reject({ code: 'not-found', message: 'No scene x in this project.' }))
    await expect(projects.edit({ op: 'choose-variant', sceneId: 'x', variantId: 'y' })).rejects.toMatchObject({ message: 'No scene x in this project.' })
    expect([projects.saveState, projects.snapshot]).toEqual(['failed', before])
  })
})
