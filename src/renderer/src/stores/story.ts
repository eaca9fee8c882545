import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SamplingOptions, TextGenerateResult } from '../../../shared/contract'
import { errorMessage } from '../errors'
import { studio } from '../api/client'
import { runJob } from '../../../shared/run-job'

/** The story being written and its live continuation. */
export const useStoryStore = defineStore('story', () => {
  const title = ref('')
  const text = ref('')
  const generating = ref(false)
  const error = ref<string | null>(null)
  const lastRun = ref<TextGenerateResult | null>(null)
  let controller: AbortController | null = null

  /** Streams a continuation onto the end of the story; tokens appear as they are sampled. */
  async function continueStory(options: SamplingOptions = {}): Promise<void> {
    if (generating.value) return
    generating.value = true
    error.value = null
    lastRun.value = null
    controller = new AbortController()
    const prompt = text.value
    try {
      lastRun.value = await runJob(studio, 'text.generate', { prompt, options }, {
        signal: controller.signal,
        onToken: ({ text: piece }) => (text.value += piece),
      })
    } catch (failure) {
      const message = errorMessage(failure)
      if (message) error.value = message
    } finally {
      generating.value = false
      controller = null
    }
  }

  function stop(): void {
    controller?.abort()
  }

  return { title, text, generating, error, lastRun, continueStory, stop }
})
