import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { PictureRecord, ProjectEdit, ProjectScene, Scene, SceneBoard, SceneEdit, StylePreset } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { host, studio } from '../api/client'
import { attemptInto } from '../errors'
import { useProjectsStore } from './projects'
import { useStoryStore } from './story'

/** One drawing of a scene as the page shows it: the URL to load it from and how it was drawn. */
export interface Variant {
  id: string
  image: string
  record: PictureRecord
}

/** A picture being drawn (or waiting for the one before it). */
export interface RenderState {
  status: 'queued' | 'rendering'
  step: number
  total: number
  preview?: string
  /** Seconds left, from the pace of the steps so far. */
  etaSeconds?: number
}

/** `same` draws again with the chosen picture's saved settings; `new` draws the scene as it is now. */
export type DrawMode = 'new' | 'same'

interface RenderRequest {
  sceneId: string
  mode: DrawMode
  controller: AbortController
}

const MAX_SEED = 2 ** 32 - 1
/** Quiet time after the last keystroke in a prompt before it is saved. */
export const PROMPT_SAVE_DELAY_MS = 400

/**
 * The open project's scenes, character bible and pictures, read from its document: every edit
 * goes to the studio (saved there within a second) and the store shows the document it answers.
 * Board edits (find, merge, split, reorder, a character's description) are made by the scenes
 * calls and the resulting board is put into the project (`set-scenes`). Pictures are drawn into
 * the project one at a time (`projects.redoScene`); the others wait and can be cancelled.
 */
export const useScenesStore = defineStore('scenes', () => {
  const story = useStoryStore()
  const projects = useProjectsStore()
  /** Scenes whose seed is locked: drawn again with their own seed instead of a fresh one (a choice of this window). */
  const lockedSeeds = reactive(new Set<string>(host.readDraft<string[]>('seed-locks') ?? []))
  const renders = reactive(new Map<string, RenderState>())
  /** Prompt length under the picture pack's own tokenizer (CLIP reads 75 tokens). */
  const promptTokens = reactive(new Map<string, number>())
  const selectedId = ref<string | null>(null)
  const notices = ref<string[]>([])
  const error = ref<string | null>(null)
  const busy = ref(false)
  const queue: RenderRequest[] = []
  let running: RenderRequest | null = null
  /**
   * Prompts typed and not saved yet, by `<project>/<scene>`: kept by the host as they are typed,
   * so a reload or a crash in the pause before the save still saves them when the project opens.
   */
  const typedPrompts: Record<string, string> = host.readDraft<Record<string, string>>('typed-prompts') ?? {}
  const promptTimers = new Map<string, ReturnType<typeof setTimeout>>()

  watch(lockedSeeds, () => host.writeDraft('seed-locks', [...lockedSeeds]), { deep: true })
  // Another project opened: its pictures are not this one's to draw.
  watch(() => projects.currentId, () => cancelAll())

  const projectScenes = computed<ProjectScene[]>(() => projects.document?.scenes ?? [])
  const pictureOf = (variantId: string | undefined) => {
    const url = variantId === undefined ? undefined : projects.snapshot?.pictureUrls[variantId]
    return url === undefined ? undefined : host.fileUrl(url)
  }

  /** The scenes as the scenes calls take them, each with its chosen picture to show. */
  const board = computed<SceneBoard>(() => ({
    style: projects.document?.style ?? 'watercolor',
    characters: projects.document?.characters ?? [],
    scenes: projectScenes.value.map((scene) => withPicture(boardScene(scene), pictureOf(scene.chosenVariant))),
  }))

  /** Every scene's pictures, oldest first. */
  const variants = computed<Record<string, Variant[]>>(() =>
    Object.fromEntries(
      projectScenes.value.map((scene) => [scene.id, scene.variants.map((variant) => ({ id: variant.id, image: pictureOf(variant.id) ?? '', record: variant.record }))]),
    ),
  )

  const chosenVariantOf = (sceneId: string) => projectScenes.value.find((scene) => scene.id === sceneId)?.chosenVariant

  const attempt = attemptInto(error)

  /** Puts a board the scenes calls answered into the project. */
  const putBoard = (next: SceneBoard) => projects.edit({ op: 'set-scenes', board: next })

  /**
   * Finds the key scenes of the accepted story; `count` left out lets the studio choose by
   * length. Scenes that keep their passage keep their pictures; before scenes with pictures are
   * replaced (their pictures deleted), `confirmLoss` is asked.
   */
  async function extract(style: StylePreset = board.value.style, count?: number, confirmLoss: () => boolean = () => true): Promise<void> {
    busy.value = true
    try {
      await attempt(async () => {
        const result = await studio.call('scenes.extract', { story: story.text, style, count })
        const kept = new Set(result.scenes.map((scene) => scene.id))
        const losing = projectScenes.value.some((scene) => scene.variants.length > 0 && !kept.has(scene.id))
        if (losing && !confirmLoss()) return
        await putBoard({ style: result.style, characters: result.characters, scenes: result.scenes })
        notices.value = result.notices
      })
    } finally {
      busy.value = false
    }
  }

  /** One board edit through the studio (which keeps prompts of other scenes as they were), then into the project. */
  async function edit(change: SceneEdit): Promise<void> {
    await attempt(async () => {
      const current = { ...board.value, scenes: projectScenes.value.map(boardScene) }
      await putBoard(await studio.call('scenes.edit', { story: story.text, board: current, edit: change }))
    })
  }

  /** One edit of a scene's own fields (prompt, negative prompt, seed). */
  const editScene = (change: Omit<Extract<ProjectEdit, { op: 'set-scene' }>, 'op'>) => attempt(() => projects.edit({ op: 'set-scene', ...change }))

  async function setPrompt(sceneId: string, prompt: string): Promise<void> {
    await editScene({ sceneId, prompt })
    await countPromptTokens(sceneId)
  }

  /** A prompt as it is typed: saved {@link PROMPT_SAVE_DELAY_MS} after the last keystroke. */
  function typePrompt(sceneId: string, prompt: string): void {
    const key = `${projects.currentId}/${sceneId}`
    typedPrompts[key] = prompt
    host.writeDraft('typed-prompts', typedPrompts)
    clearTimeout(promptTimers.get(key))
    promptTimers.set(key, setTimeout(() => void saveTypedPrompt(key), PROMPT_SAVE_DELAY_MS))
  }

  async function saveTypedPrompt(key: string): Promise<void> {
    const [projectId, sceneId] = key.split('/')
    const prompt = typedPrompts[key]
    if (projectId !== projects.currentId || prompt === undefined) return
    clearTimeout(promptTimers.get(key))
    promptTimers.delete(key)
    if (projectScenes.value.some((scene) => scene.id === sceneId)) await setPrompt(sceneId, prompt)
    if (typedPrompts[key] === prompt) delete typedPrompts[key]
    host.writeDraft('typed-prompts', typedPrompts)
  }

  async function countPromptTokens(sceneId: string): Promise<void> {
    const scene = projectScenes.value.find((candidate) => candidate.id === sceneId)
    if (!scene) return
    try {
      promptTokens.set(sceneId, (await studio.call('image.tokenize', { text: scene.prompt })).count)
    } catch {
      promptTokens.delete(sceneId)
    }
  }

  const setNegativePrompt = (sceneId: string, negativePrompt: string) => editScene({ sceneId, negativePrompt })

  async function setSeed(sceneId: string, seed: number): Promise<void> {
    if (Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) await editScene({ sceneId, seed })
  }

  function toggleSeedLock(sceneId: string): void {
    if (lockedSeeds.has(sceneId)) lockedSeeds.delete(sceneId)
    else lockedSeeds.add(sceneId)
  }

  /** Queues a drawing of a scene; `same` redraws the chosen picture with its saved settings. */
  function illustrate(sceneId: string, mode: DrawMode = 'new'): void {
    if (renders.has(sceneId)) return
    renders.set(sceneId, { status: 'queued', step: 0, total: 0 })
    queue.push({ sceneId, mode, controller: new AbortController() })
    void drain()
  }

  function illustrateAll(): void {
    for (const scene of projectScenes.value) illustrate(scene.id)
  }

  async function drain(): Promise<void> {
    if (running) return
    while ((running = queue.shift() ?? null)) await render(running)
  }

  async function render({ sceneId, mode, controller }: RenderRequest): Promise<void> {
    const scene = projectScenes.value.find((candidate) => candidate.id === sceneId)
    const state = renders.get(sceneId)
    if (!scene || !state || controller.signal.aborted) return void renders.delete(sceneId)
    state.status = 'rendering'
    const started = Date.now()
    // A locked seed draws with the scene's own seed; otherwise each drawing gets a fresh one, so variants differ.
    const seed = mode === 'same' ? 'same' : lockedSeeds.has(sceneId) ? scene.seed : 'new'
    await attempt(async () => {
      const id = await projects.ensureSaved()
      await runJob(studio, 'projects.redoScene', { id, sceneId, seed }, {
        signal: controller.signal,
        onProgress: ({ step, total, preview }) => {
          const perStep = (Date.now() - started) / Math.max(step, 1)
          Object.assign(state, { step, total, preview: preview ?? state.preview, etaSeconds: Math.ceil(((total - step) * perStep) / 1000) })
        },
      })
      await projects.reload()
    }).finally(() => renders.delete(sceneId))
  }

  function cancel(sceneId: string): void {
    const request = running?.sceneId === sceneId ? running : queue.find((candidate) => candidate.sceneId === sceneId)
    request?.controller.abort()
    const waiting = queue.findIndex((candidate) => candidate.sceneId === sceneId)
    if (waiting >= 0) {
      queue.splice(waiting, 1)
      renders.delete(sceneId)
    }
  }

  function cancelAll(): void {
    for (const request of queue.splice(0)) renders.delete(request.sceneId)
    running?.controller.abort()
  }

  const chooseVariant = (sceneId: string, variantId: string) => attempt(() => projects.edit({ op: 'choose-variant', sceneId, variantId }))

  /** Deleting a variant deletes its picture file; the scene falls back to its newest remaining one. */
  const deleteVariant = (sceneId: string, variantId: string) => attempt(() => projects.edit({ op: 'delete-variant', sceneId, variantId }))

  // A project opened with prompts typed in it before a reload: save them now.
  watch(
    () => projects.snapshot?.id,
    (id) => Object.keys(typedPrompts).filter((key) => key.startsWith(`${id}/`)).forEach((key) => void saveTypedPrompt(key)),
    { immediate: true },
  )

  return {
    board, variants, lockedSeeds, renders, promptTokens, selectedId, notices, error, busy,
    extract, edit, setPrompt, typePrompt, countPromptTokens, setNegativePrompt, setSeed, toggleSeedLock, illustrate, illustrateAll, cancel, cancelAll,
    chooseVariant, chosenVariantOf, deleteVariant,
  }
})

/** A project scene as the scenes calls know it (no pictures, lock or own style). */
function boardScene({ locked: _locked, variants: _variants, chosenVariant: _chosen, style: _style, ...scene }: ProjectScene): Scene {
  return scene
}

function withPicture(scene: Scene, image: string | undefined): Scene {
  return image === undefined ? scene : { ...scene, image }
}
