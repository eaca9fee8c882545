import { defineStore } from 'pinia'
import { reactive, ref, watch } from 'vue'
import type { ImageRenderResult, Scene, SceneBoard, SceneEdit, StylePreset } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { host, studio } from '../api/client'
import { errorMessage } from '../errors'
import { useStoryStore } from './story'

/** Everything needed to render a picture again, and what came out. */
export type VariantRecord = Omit<ImageRenderResult, 'pngBase64' | 'timings' | 'notices'> & {
  prompt: string
  negativePrompt: string
}

export interface Variant {
  id: string
  image: string
  record: VariantRecord
}

/** A picture being rendered (or waiting for the one before it). */
export interface RenderState {
  status: 'queued' | 'rendering'
  step: number
  total: number
  preview?: string
  /** Seconds left, from the pace of the steps so far. */
  etaSeconds?: number
}

interface RenderRequest {
  sceneId: string
  /** Rendering settings of the variant to redo; absent renders the scene as it is now. */
  redo?: VariantRecord
  controller: AbortController
}

interface ScenesDraft {
  board: SceneBoard
  variants: Record<string, Variant[]>
  lockedSeeds: string[]
}

const EMPTY_BOARD: SceneBoard = { style: 'watercolor', characters: [], scenes: [] }
const MAX_SEED = 2 ** 32 - 1

/**
 * The scene board (scenes, character bible, style), every scene's picture variants, and the
 * queue of pictures to render: one renders at a time, the others wait and can be cancelled.
 */
export const useScenesStore = defineStore('scenes', () => {
  const story = useStoryStore()
  const draft = host.readDraft<ScenesDraft>('scenes')
  const board = ref<SceneBoard>(draft?.board ?? structuredClone(EMPTY_BOARD))
  const variants = reactive<Record<string, Variant[]>>(draft?.variants ?? {})
  const lockedSeeds = reactive(new Set<string>(draft?.lockedSeeds ?? []))
  const renders = reactive(new Map<string, RenderState>())
  /** Prompt length under the picture pack's own tokenizer (CLIP reads 75 tokens). */
  const promptTokens = reactive(new Map<string, number>())
  const selectedId = ref<string | null>(null)
  const notices = ref<string[]>([])
  const error = ref<string | null>(null)
  const busy = ref(false)
  const queue: RenderRequest[] = []
  let running: RenderRequest | null = null

  watch([board, variants, lockedSeeds], () =>
    host.writeDraft('scenes', { board: board.value, variants, lockedSeeds: [...lockedSeeds] }), { deep: true })

  const sceneById = (id: string): Scene | undefined => board.value.scenes.find((scene) => scene.id === id)

  /** Finds the key scenes of the accepted story; `count` left out lets the studio choose by length. */
  async function extract(style: StylePreset = board.value.style, count?: number): Promise<void> {
    busy.value = true
    try {
      const result = await studio.call('scenes.extract', { story: story.text, style, count })
      board.value = { style: result.style, characters: result.characters, scenes: result.scenes }
      notices.value = result.notices
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      busy.value = false
    }
  }

  /** One board edit through the studio, which keeps prompts and pictures of other scenes as they were. */
  async function edit(change: SceneEdit): Promise<void> {
    try {
      board.value = await studio.call('scenes.edit', { story: story.text, board: board.value, edit: change })
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }

  async function countPromptTokens(sceneId: string): Promise<void> {
    const scene = sceneById(sceneId)
    if (!scene) return
    try {
      promptTokens.set(sceneId, (await studio.call('image.tokenize', { text: scene.prompt })).count)
    } catch {
      promptTokens.delete(sceneId)
    }
  }

  function setNegativePrompt(sceneId: string, negativePrompt: string): void {
    const scene = sceneById(sceneId)
    if (scene) scene.negativePrompt = negativePrompt
  }

  function setSeed(sceneId: string, seed: number): void {
    const scene = sceneById(sceneId)
    if (scene && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) scene.seed = seed
  }

  function toggleSeedLock(sceneId: string): void {
    if (lockedSeeds.has(sceneId)) lockedSeeds.delete(sceneId)
    else lockedSeeds.add(sceneId)
  }

  /** The seed of the next render: the scene's own when locked, else a fresh one so variants differ. */
  function nextSeed(scene: Scene): number {
    return lockedSeeds.has(scene.id) ? scene.seed : Math.floor(Math.random() * MAX_SEED)
  }

  function illustrate(sceneId: string, redo?: VariantRecord): void {
    if (renders.has(sceneId)) return
    renders.set(sceneId, { status: 'queued', step: 0, total: 0 })
    queue.push({ sceneId, redo, controller: new AbortController() })
    void drain()
  }

  function illustrateAll(): void {
    for (const scene of board.value.scenes) illustrate(scene.id)
  }

  async function drain(): Promise<void> {
    if (running) return
    while ((running = queue.shift() ?? null)) await render(running)
  }

  async function render({ sceneId, redo, controller }: RenderRequest): Promise<void> {
    const scene = sceneById(sceneId)
    const state = renders.get(sceneId)
    if (!scene || !state || controller.signal.aborted) return void renders.delete(sceneId)
    state.status = 'rendering'
    const started = Date.now()
    const input = redo
      ? { prompt: redo.prompt, negativePrompt: redo.negativePrompt, seed: lockedSeeds.has(sceneId) ? redo.seed : nextSeed(scene),
          steps: redo.steps, guidance: redo.guidance, scheduler: redo.scheduler, width: redo.width, height: redo.height }
      : { prompt: scene.prompt, negativePrompt: scene.negativePrompt, seed: nextSeed(scene) }
    try {
      const result = await runJob(studio, 'image.render', input, {
        signal: controller.signal,
        onProgress: ({ stage, step, total, preview }) => {
          if (stage !== 'denoise') return
          const perStep = (Date.now() - started) / Math.max(step, 1)
          Object.assign(state, { step, total, preview: preview ?? state.preview, etaSeconds: Math.ceil(((total - step) * perStep) / 1000) })
        },
      })
      const { pngBase64, timings: _timings, notices: renderNotices, ...settings } = result
      const variant: Variant = {
        id: `${sceneId}-${Date.now().toString(36)}`,
        image: `data:image/png;base64,${pngBase64}`,
        record: { ...settings, prompt: input.prompt, negativePrompt: input.negativePrompt ?? '' },
      }
      ;(variants[sceneId] ??= []).push(variant)
      if (!scene.image) scene.image = variant.image
      notices.value = renderNotices
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      renders.delete(sceneId)
    }
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

  function chooseVariant(sceneId: string, variantId: string): void {
    const scene = sceneById(sceneId)
    const variant = variants[sceneId]?.find((candidate) => candidate.id === variantId)
    if (scene && variant) scene.image = variant.image
  }

  /** Deleting a variant deletes its picture; the scene falls back to its newest remaining one. */
  function deleteVariant(sceneId: string, variantId: string): void {
    const list = variants[sceneId] ?? []
    const index = list.findIndex((candidate) => candidate.id === variantId)
    if (index < 0) return
    const [removed] = list.splice(index, 1)
    const scene = sceneById(sceneId)
    if (scene && scene.image === removed.image) scene.image = list.at(-1)?.image
  }

  /** Replaces the board (a project opened); pictures of the old one go with it. */
  function load(next: SceneBoard = structuredClone(EMPTY_BOARD)): void {
    cancelAll()
    board.value = next
    for (const key of Object.keys(variants)) delete variants[key]
    lockedSeeds.clear()
    notices.value = []
    error.value = null
  }

  return {
    board, variants, lockedSeeds, renders, promptTokens, selectedId, notices, error, busy,
    extract, edit, countPromptTokens, setNegativePrompt, setSeed, toggleSeedLock, illustrate, illustrateAll, cancel, cancelAll,
    chooseVariant, deleteVariant, load,
  }
})
