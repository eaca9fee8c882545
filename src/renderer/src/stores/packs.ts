import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PackSummary } from '../../../shared/contract'
import { studio } from '../api/client'
import { errorMessage } from '../errors'

/** The installed and bundled model packs, and which ones are active. */
export const usePacksStore = defineStore('packs', () => {
  const packs = ref<PackSummary[]>([])
  const error = ref<string | null>(null)
  const activeText = computed(() => packs.value.find((pack) => pack.kind === 'text' && pack.active) ?? null)
  const activeImage = computed(() => packs.value.find((pack) => pack.kind === 'image' && pack.active) ?? null)

  async function refresh(): Promise<void> {
    try {
      packs.value = await studio.call('packs.list', {})
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }

  studio.on('packs.changed', () => void refresh())
  return { packs, error, activeText, activeImage, refresh }
})
