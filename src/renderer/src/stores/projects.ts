import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { ProjectSnapshot, ProjectSummary } from '../../../shared/contract'
import { host, studio } from '../api/client'
import { errorMessage } from '../errors'
import { useScenesStore } from './scenes'
import { useStoryStore } from './story'

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'failed'

/** Quiet time after the last keystroke before the project is saved. */
export const AUTOSAVE_DELAY_MS = 800

/** The title and story of a project as the Write view edits them. */
interface WrittenText {
  title: string
  story: string
}

const writtenText = (snapshot: ProjectSnapshot): WrittenText => ({
  title: snapshot.document.title,
  story: snapshot.document.segments.map((segment) => segment.text).join(''),
})

/**
 * The open project and the saved ones. Title and story are saved to the studio's project
 * folder after a short pause; the host's draft copy covers the moments between, so a crash
 * restores what was typed. A project folder is made on the first save.
 */
export const useProjectsStore = defineStore('projects', () => {
  const story = useStoryStore()
  const scenes = useScenesStore()
  const currentId = ref<string | null>(host.readDraft<string>('project'))
  const recent = ref<ProjectSummary[]>([])
  const saveState = ref<SaveState>('unsaved')
  const saveError = ref<string | null>(null)
  const restored = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The text as the studio last stored it: only a change from it needs saving. */
  let lastSaved = ''

  watch(currentId, (id) => host.writeDraft('project', id))
  const textNow = (): WrittenText => ({ title: story.title, story: story.text })

  async function attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action()
      saveError.value = null
    } catch (failure) {
      saveError.value = errorMessage(failure)
    }
  }

  async function save(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    saveState.value = 'saving'
    const text = textNow()
    try {
      if (currentId.value === null) {
        currentId.value = (await studio.call('projects.create', { title: text.title, story: text.story, style: scenes.board.style })).id
      } else {
        await studio.call('projects.edit', { id: currentId.value, edit: { op: 'set-story', story: text.story } })
        await studio.call('projects.edit', { id: currentId.value, edit: { op: 'set-meta', title: text.title } })
      }
      lastSaved = JSON.stringify(text)
      saveState.value = 'saved'
      saveError.value = null
      await refreshList()
    } catch (failure) {
      saveState.value = 'failed'
      saveError.value = errorMessage(failure)
    }
  }

  function scheduleSave(): void {
    if (JSON.stringify(textNow()) === lastSaved) return
    saveState.value = 'unsaved'
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS)
  }
  watch(() => [story.title, story.text], scheduleSave)

  const refreshList = () => attempt(async () => void (recent.value = await studio.call('projects.list', {})))

  function apply(snapshot: ProjectSnapshot): void {
    const text = writtenText(snapshot)
    currentId.value = snapshot.id
    story.load(text)
    scenes.load({ style: snapshot.document.style, characters: [], scenes: [] })
    lastSaved = JSON.stringify(text)
    saveState.value = 'saved'
  }

  async function open(id: string): Promise<void> {
    if (timer) await save()
    await attempt(async () => {
      apply(await studio.call('projects.open', { id }))
      restored.value = false
    })
  }

  async function create(): Promise<void> {
    if (timer) await save()
    currentId.value = null
    story.load({ title: '', story: '' })
    scenes.load()
    lastSaved = JSON.stringify(textNow())
    saveState.value = 'unsaved'
    restored.value = false
  }

  async function duplicate(title: string): Promise<void> {
    if (timer || currentId.value === null) await save()
    const id = currentId.value
    if (id) await attempt(async () => open((await studio.call('projects.duplicate', { id, title })).id))
  }

  /** Moves the open project to the data folder's trash and starts a new one. */
  async function remove(): Promise<void> {
    const id = currentId.value
    if (id) await attempt(async () => void (await studio.call('projects.delete', { id })))
    await create()
    await refreshList()
  }

  /**
   * At start: the list of projects, and whether the draft in this window holds text the saved
   * project lacks (the window was closed or crashed before the last save); that text wins.
   */
  async function start(): Promise<void> {
    await refreshList()
    const id = currentId.value
    if (id === null || !recent.value.some((project) => project.id === id)) {
      currentId.value = null
      if (story.text || story.title) scheduleSave()
      return
    }
    await attempt(async () => {
      const snapshot = await studio.call('projects.open', { id })
      const saved = writtenText(snapshot)
      lastSaved = JSON.stringify(saved)
      const differs = saved.story !== story.text || saved.title !== story.title
      if (differs && (story.text || story.pending)) {
        restored.value = true
        scheduleSave()
      } else {
        if (differs) apply(snapshot)
        saveState.value = 'saved'
      }
    })
  }

  return { currentId, recent, saveState, saveError, restored, save, open, create, duplicate, remove, start, refreshList }
})
