import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { PackInstallProgress, PackSummary, PackVerifyResult } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { studio } from '../api/client'
import { errorMessage } from '../errors'

/** An import or a download in progress. */
export interface PackInstall {
  kind: 'import' | 'download'
  source: string
  progress: PackInstallProgress | null
  controller: AbortController
}

/** The installed and bundled model packs: which are active, and installing, verifying, removing them. */
export const usePacksStore = defineStore('packs', () => {
  const packs = ref<PackSummary[]>([])
  const memory = reactive(new Map<string, number | null>())
  const verified = reactive(new Map<string, PackVerifyResult>())
  const install = ref<PackInstall | null>(null)
  const notices = ref<string[]>([])
  const error = ref<string | null>(null)
  const activeText = computed(() => packs.value.find((pack) => pack.kind === 'text' && pack.active) ?? null)
  const activeImage = computed(() => packs.value.find((pack) => pack.kind === 'image' && pack.active) ?? null)

  async function attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action()
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }

  const refresh = () =>
    attempt(async () => {
      packs.value = await studio.call('packs.list', {})
      // The memory a pack needs is in its manifest; read once per pack.
      for (const pack of packs.value.filter((candidate) => !memory.has(candidate.id))) {
        const details = await studio.call('packs.show', { id: pack.id })
        memory.set(pack.id, details.manifest.memoryBytes ?? null)
      }
    })

  const use = (id: string) => attempt(async () => void (await studio.call('packs.use', { id })))
  const verify = (id: string) => attempt(async () => void verified.set(id, await studio.call('packs.verify', { id })))
  const remove = (id: string) => attempt(async () => void (await studio.call('packs.remove', { id })))

  async function installFrom(kind: PackInstall['kind'], source: string): Promise<void> {
    if (install.value) return
    const current: PackInstall = reactive({ kind, source, progress: null, controller: new AbortController() })
    install.value = current
    const listeners = { signal: current.controller.signal, onProgress: (progress: PackInstallProgress) => (current.progress = progress) }
    await attempt(async () => {
      const result =
        kind === 'import'
          ? await runJob(studio, 'packs.import', { path: source }, listeners)
          : await runJob(studio, 'packs.download', { repo: source }, listeners)
      notices.value = result.notices
      await refresh()
    })
    install.value = null
  }

  function cancelInstall(): void {
    install.value?.controller.abort()
  }

  studio.on('packs.changed', () => void refresh())
  return {
    packs, memory, verified, install, notices, error, activeText, activeImage,
    refresh, use, verify, remove, installFrom, cancelInstall,
  }
})
