import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { PackOptimizeProgress, PackOptimizeResult } from '../../../shared/contract'
import type { OptimizeWeights } from '../../../shared/pack-manifest'
import { runJob } from '../../../shared/run-job'
import { studio } from '../api/client'
import { errorMessage } from '../errors'
import { usePacksStore } from './packs'

/** An optimize job in progress. */
export interface PackOptimizeRun {
  packId: string
  weights: OptimizeWeights
  progress: PackOptimizeProgress | null
  controller: AbortController
}

/** Making a text pack smaller and faster: one job at a time, with progress, cancel and its measured result. */
export const usePackOptimizeStore = defineStore('pack-optimize', () => {
  const running = ref<PackOptimizeRun | null>(null)
  /** The last result per pack (size, speed, agreement, perplexity, warning). */
  const results = reactive(new Map<string, PackOptimizeResult>())
  const error = ref<string | null>(null)

  async function optimize(packId: string, weights: OptimizeWeights): Promise<void> {
    if (running.value) return
    const run: PackOptimizeRun = reactive({ packId, weights, progress: null, controller: new AbortController() })
    running.value = run
    try {
      const result = await runJob(studio, 'packs.optimize', { pack: packId, weights }, { signal: run.controller.signal, onProgress: (progress) => (run.progress = progress) })
      const packs = usePacksStore()
      // The new variant (its files' sizes), and the weights that now run, are in the pack's details: read them before showing the result.
      await packs.refresh()
      results.set(packId, result)
      error.value = null
      if (packs.optimizeOffer?.id === packId) packs.optimizeOffer = null
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      running.value = null
    }
  }

  function cancel(): void {
    running.value?.controller.abort()
  }

  return { running, results, error, optimize, cancel }
})
