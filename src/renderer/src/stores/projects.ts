import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { ProjectDocument, ProjectSummary, StylePreset } from '../../../shared/contract'
import { stylePresets } from '../../../shared/contract'
import { host, studio } from '../api/client'
import { errorMessage } from '../errors'
import { useScenesStore } from './scenes'
import { useStoryStore } from './story'

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'failed'

/** Quiet time after the last keystroke before the project is saved. */
export const AUTOSAVE_DELAY_MS = 800

const newProjectId = () => `story-${Date.now().toString(36)}`

/**
 * The open project and the saved ones. Every change is saved after a short pause; the host's
 * draft copy covers the moments between, so a crash restores what was typed.
 */
export const useProjectsStore = defineStore('projects', () => {
  const story = useStoryStore()
  const scenes = useScenesStore()
  const currentId = ref(host.readDraft<string>('project') ?? newProjectId())
  const recent = ref<ProjectSummary[]>([])
  const saveState = ref<SaveState>('unsaved')
  const saveError = ref<string | null>(null)
  const restored = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The document as the studio last stored it: only a change from it needs saving. */
  let lastSaved = ''

  watch(currentId, (id) => host.writeDraft('project', id), { immediate: true })

  const documentNow = (): ProjectDocument => ({ title: story.title, story: story.text, style: scenes.board.style })

  async function save(): Promise<void> {
    if (timer) clearTimeout(timer)
    timer = null
    saveState.value = 'saving'
    const document = documentNow()
    try {
      await studio.call('projects.save', { id: currentId.value, document })
      lastSaved = JSON.stringify(document)
      saveState.value = 'saved'
      saveError.value = null
      await refreshList()
    } catch (failure) {
      saveState.value = 'failed'
      saveError.value = errorMessage(failure)
    }
  }

  function scheduleSave(): void {
    if (JSON.stringify(documentNow()) === lastSaved) return
    saveState.value = 'unsaved'
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS)
  }
  watch(() => [story.title, story.text, scenes.board.style], scheduleSave)

  async function refreshList(): Promise<void> {
    try {
      recent.value = await studio.call('projects.list', {})
    } catch (failure) {
      saveError.value = errorMessage(failure)
    }
  }

  function apply(id: string, document: ProjectDocument): void {
    currentId.value = id
    story.load({ title: document.title, story: document.story })
    const style = stylePresets.find((preset) => preset === document.style) as StylePreset | undefined
    scenes.load({ style: style ?? 'watercolor', characters: [], scenes: [] })
    lastSaved = JSON.stringify(documentNow())
  }

  async function open(id: string): Promise<void> {
    if (timer) await save()
    try {
      const loaded = await studio.call('projects.load', { id })
      apply(loaded.id, loaded.document)
      saveState.value = 'saved'
      restored.value = false
    } catch (failure) {
      saveError.value = errorMessage(failure)
    }
  }

  async function create(): Promise<void> {
    if (timer) await save()
    apply(newProjectId(), { title: '', story: '' })
    saveState.value = 'unsaved'
    restored.value = false
  }

  async function duplicate(title: string): Promise<void> {
    if (timer) await save()
    currentId.value = newProjectId()
    story.title = title
    await save()
  }

  /**
   * At start: the list of projects, and whether the draft in this window holds text the saved
   * project lacks (the window was closed or crashed before the last save); that text wins.
   */
  async function start(): Promise<void> {
    await refreshList()
    const saved = recent.value.find((project) => project.id === currentId.value)
    if (!saved) {
      if (story.text || story.title) scheduleSave()
      return
    }
    try {
      const loaded = await studio.call('projects.load', { id: saved.id })
      lastSaved = JSON.stringify(loaded.document)
      const differs = loaded.document.story !== story.text || loaded.document.title !== story.title
      if (differs && (story.text || story.pending)) {
        restored.value = true
        scheduleSave()
      } else if (differs) {
        apply(loaded.id, loaded.document)
      }
      saveState.value = differs && restored.value ? 'unsaved' : 'saved'
    } catch (failure) {
      saveError.value = errorMessage(failure)
    }
  }

  return { currentId, recent, saveState, saveError, restored, save, open, create, duplicate, start, refreshList }
})
