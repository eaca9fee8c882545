import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { TextGenerateResult } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { host, studio } from '../api/client'
import { errorMessage } from '../errors'
import { samplingOptions, samplingPresets, type AdvancedSampling, type SamplingPresetName } from './sampling-presets'

interface StoryDraft {
  title: string
  text: string
  pending: string
}

/**
 * The story being written. A continuation streams into `pending` and stays visibly apart until
 * the person accepts it; the draft is kept by the host after every change, so a reload or a
 * crash loses nothing.
 */
export const useStoryStore = defineStore('story', () => {
  const draft = host.readDraft<StoryDraft>('story')
  const title = ref(draft?.title ?? '')
  const text = ref(draft?.text ?? '')
  const pending = ref(draft?.pending ?? '')
  const generating = ref(false)
  const error = ref<string | null>(null)
  const lastRun = ref<TextGenerateResult | null>(null)
  const tokensUsed = ref<number | null>(null)
  const preset = ref<SamplingPresetName>('balanced')
  const advanced = reactive<AdvancedSampling>({ ...samplingPresets.balanced, maxNewTokens: 80, seed: null })
  let controller: AbortController | null = null

  const whole = computed(() => text.value + pending.value)
  watch([title, text, pending], () => host.writeDraft('story', { title: title.value, text: text.value, pending: pending.value }))

  function choosePreset(name: SamplingPresetName): void {
    preset.value = name
    Object.assign(advanced, samplingPresets[name])
  }

  /** Streams a continuation after the story and any suggestion not yet accepted. */
  async function continueStory(): Promise<void> {
    if (generating.value) return
    generating.value = true
    error.value = null
    controller = new AbortController()
    try {
      lastRun.value = await runJob(studio, 'text.generate', { prompt: whole.value, options: samplingOptions(advanced) }, {
        signal: controller.signal,
        onToken: ({ text: piece }) => (pending.value += piece),
      })
      tokensUsed.value = lastRun.value.promptTokens + lastRun.value.tokens
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      generating.value = false
      controller = null
    }
  }

  function stop(): void {
    controller?.abort()
  }

  function accept(): void {
    text.value += pending.value
    pending.value = ''
  }

  function discard(): void {
    pending.value = ''
  }

  async function regenerate(): Promise<void> {
    discard()
    await continueStory()
  }

  /** Counts the story's tokens under the active text pack, for the context-window gauge. */
  async function countTokens(): Promise<void> {
    try {
      tokensUsed.value = (await studio.call('text.tokenize', { text: whole.value })).count
    } catch {
      tokensUsed.value = null
    }
  }

  /** Replaces everything (a project opened, a new one started). */
  function load(next: { title: string; story: string }): void {
    stop()
    title.value = next.title
    text.value = next.story
    pending.value = ''
    lastRun.value = null
    error.value = null
  }

  return {
    title, text, pending, generating, error, lastRun, tokensUsed, preset, advanced,
    choosePreset, continueStory, stop, accept, discard, regenerate, countTokens, load,
  }
})
