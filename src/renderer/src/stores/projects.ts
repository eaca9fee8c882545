import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ProjectEdit, ProjectSnapshot, ProjectSummary } from '../../../shared/contract'
import { host, studio } from '../api/client'
import { attemptInto, errorMessage } from '../errors'
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
 * restores what was typed. A project folder is made on the first save. Everything else of the
 * project (scenes, characters, pictures, book settings) lives in its document, read from
 * `snapshot` and changed only through {@link edit}, which the studio saves within a second.
 */
export const useProjectsStore = defineStore('projects', () => {
  const story = useStoryStore()
  const currentId = ref<string | null>(host.readDraft<string>('project'))
  /** The open project's document as the studio last answered it; null before the first save. */
  const snapshot = ref<ProjectSnapshot | null>(null)
  const document = computed(() => snapshot.value?.document ?? null)
  const recent = ref<ProjectSummary[]>([])
  const saveState = ref<SaveState>('unsaved')
  const saveError = ref<string | null>(null)
  const restored = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The text as the studio last stored it: only a change from it needs saving. */
  let lastSaved = ''

  watch(currentId, (id) => host.writeDraft('project', id))
  const textNow = (): WrittenText => ({ title: story.title, story: story.text })

  const attempt = attemptInto(saveError)

  async function save(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    saveState.value = 'saving'
    const text = textNow()
    try {
      if (currentId.value === null) {
        snapshot.value = await studio.call('projects.create', { title: text.title, story: text.story })
        currentId.value = snapshot.value.id
      } else {
        await studio.call('projects.edit', { id: currentId.value, edit: { op: 'set-story', story: text.story } })
        snapshot.value = await studio.call('projects.edit', { id: currentId.value, edit: { op: 'set-meta', title: text.title } })
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

  function apply(opened: ProjectSnapshot): void {
    const text = writtenText(opened)
    currentId.value = opened.id
    snapshot.value = opened
    story.load(text)
    lastSaved = JSON.stringify(text)
    saveState.value = 'saved'
  }

  /** The id of the open project, saving it first when it has no folder yet (a scene needs a project to live in). */
  async function ensureSaved(): Promise<string> {
    if (currentId.value === null || timer) await save()
    if (currentId.value === null) throw new Error(saveError.value ?? 'The project could not be saved.')
    return currentId.value
  }

  /**
   * One edit of the open project's document (a scene, a character, a picture, the book): the
   * studio applies and saves it and answers the new document. Fails like the studio does.
   */
  async function edit(change: ProjectEdit): Promise<void> {
    const id = await ensureSaved()
    saveState.value = 'saving'
    try {
      snapshot.value = await studio.call('projects.edit', { id, edit: change })
      saveState.value = 'saved'
      saveError.value = null
    } catch (failure) {
      saveState.value = 'failed'
      throw failure
    }
  }

  /** Reads the open project again (after a job changed it in the studio). */
  async function reload(): Promise<void> {
    if (currentId.value !== null) snapshot.value = await studio.call('projects.open', { id: currentId.value })
  }

  async function open(id: string): Promise<void> {
    if (timer) await save()
    await attempt(async () => {
      apply(await studio.call('projects.open', { id }))
      restored.value = false
    })
  }

  /** Restores a damaged project from its backup (the damaged file stays in its folder) and opens it. */
  async function openBackup(id: string): Promise<void> {
    if (timer) await save()
    await attempt(async () => {
      apply(await studio.call('projects.openBackup', { id }))
      restored.value = false
      await refreshList()
    })
  }

  async function create(): Promise<void> {
    if (timer) await save()
    currentId.value = null
    snapshot.value = null
    story.load({ title: '', story: '' })
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
      const opened = await studio.call('projects.open', { id })
      snapshot.value = opened
      const saved = writtenText(opened)
      lastSaved = JSON.stringify(saved)
      const differs = saved.story !== story.text || saved.title !== story.title
      if (differs && (story.text || story.pending)) {
        restored.value = true
        scheduleSave()
      } else {
        if (differs) apply(opened)
        saveState.value = 'saved'
      }
    })
  }

  return {
    currentId, snapshot, document, recent, saveState, saveError, restored,
    save, edit, reload, ensureSaved, open, openBackup, create, duplicate, remove, start, refreshList,
  }
})
