import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { Character, Scene, StylePreset } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { studio } from '../api/client'
import { errorMessage } from '../errors'

/** An illustration's state: a live preview while it renders, the PNG when done. */
export interface Illustration {
  status: 'rendering' | 'done' | 'failed'
  step: number
  total: number
  preview?: string
  image?: string
  error?: string
}

/** The story's key scenes, the character bible, and each scene's illustration. */
export const useScenesStore = defineStore('scenes', () => {
  const scenes = ref<Scene[]>([])
  const characters = ref<Character[]>([])
  const notices = ref<string[]>([])
  const style = ref<StylePreset>('watercolor')
  const illustrations = reactive(new Map<string, Illustration>())
  const error = ref<string | null>(null)
  const controllers = new Map<string, AbortController>()

  async function extract(story: string, count?: number): Promise<void> {
    try {
      const result = await studio.call('scenes.extract', { story, count, style: style.value })
      scenes.value = result.scenes
      characters.value = result.characters
      notices.value = result.notices
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }

  async function illustrate(scene: Scene): Promise<void> {
    const controller = new AbortController()
    controllers.set(scene.id, controller)
    const state: Illustration = reactive({ status: 'rendering', step: 0, total: 0 })
    illustrations.set(scene.id, state)
    try {
      const result = await runJob(
        studio,
        'image.render',
        { prompt: scene.prompt, negativePrompt: scene.negativePrompt, seed: scene.seed },
        {
          signal: controller.signal,
          onProgress: ({ step, total, preview }) => Object.assign(state, { step, total, preview }),
        },
      )
      Object.assign(state, { status: 'done', image: `data:image/png;base64,${result.pngBase64}` })
    } catch (failure) {
      Object.assign(state, { status: 'failed', error: errorMessage(failure) ?? 'Cancelled.' })
    } finally {
      controllers.delete(scene.id)
    }
  }

  /** A prompt the person wrote: rebuilding prompts (new style, new description) leaves it alone. */
  function setPrompt(sceneId: string, prompt: string): void {
    const scene = scenes.value.find((candidate) => candidate.id === sceneId)
    if (scene) Object.assign(scene, { prompt, promptEdited: true })
  }

  function cancel(sceneId: string): void {
    controllers.get(sceneId)?.abort()
  }

  return { scenes, characters, notices, style, illustrations, error, extract, illustrate, setPrompt, cancel }
})
