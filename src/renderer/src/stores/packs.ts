import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { PackDetails, PackFit, PackInstallProgress, PackSummary, PackVerifyResult, WeightsChoice } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { studio } from '../api/client'
import { attemptInto } from '../errors'

/** An import or a download in progress, or a download paused (its partial files kept by the studio). */
export interface PackInstall {
  kind: 'import' | 'download'
  source: string
  progress: PackInstallProgress | null
  controller: AbortController
  paused: boolean
}

/** The installed and bundled model packs: which are active, and installing, verifying, removing them. */
export const usePacksStore = defineStore('packs', () => {
  const packs = ref<PackSummary[]>([])
  /** Each pack's manifest and, for a text pack, the weights picked. */
  const details = reactive(new Map<string, PackDetails>())
  /** Each pack's memory estimate against this machine (null where the studio could not make one). */
  const fits = reactive(new Map<string, PackFit | null>())
  const verified = reactive(new Map<string, PackVerifyResult>())
  const install = ref<PackInstall | null>(null)
  const notices = ref<string[]>([])
  /** A text pack just installed, offered to be optimized until the person acts or declines. */
  const optimizeOffer = ref<PackSummary | null>(null)
  const error = ref<string | null>(null)
  const activeText = computed(() => packs.value.find((pack) => pack.kind === 'text' && pack.active) ?? null)
  const activeImage = computed(() => packs.value.find((pack) => pack.kind === 'image' && pack.active) ?? null)

  const attempt = attemptInto(error)

  /** Details and estimate of one pack; a pack the studio cannot estimate shows no estimate, not an error. */
  async function describe(id: string): Promise<void> {
    const [shown, fit] = await Promise.all([studio.call('packs.show', { id }), studio.call('packs.fit', { id }).catch(() => null)])
    details.set(id, shown)
    fits.set(id, fit)
  }

  const refresh = () =>
    attempt(async () => {
      packs.value = await studio.call('packs.list', {})
      // Variants, picks and the provider change with optimizing, using and settings: read again each time.
      await Promise.all(packs.value.map((pack) => describe(pack.id)))
    })

  const use = (id: string) => attempt(async () => void (await studio.call('packs.use', { id })))
  /** Makes a text pack active with the weights to run (`auto`: the provider's best). */
  const useWeights = (id: string, weights: WeightsChoice) => attempt(async () => void (await studio.call('packs.use', { id, weights })))
  const verify = (id: string) => attempt(async () => void verified.set(id, await studio.call('packs.verify', { id })))
  const remove = (id: string) => attempt(async () => void (await studio.call('packs.remove', { id })))

  async function runInstall(current: PackInstall): Promise<void> {
    const listeners = { signal: current.controller.signal, onProgress: (progress: PackInstallProgress) => (current.progress = progress) }
    await attempt(async () => {
      try {
        const result =
          current.kind === 'import'
            ? await runJob(studio, 'packs.import', { path: current.source }, listeners)
            : await runJob(studio, 'packs.download', { repo: current.source }, listeners)
        notices.value = result.notices
        if (result.pack.kind === 'text') optimizeOffer.value = result.pack
        await refresh()
      } catch (failure) {
        // A pause ends the job as cancelled; the install stays, paused, to be resumed.
        if (!current.paused) throw failure
      }
    })
    if (install.value === current && !current.paused) install.value = null
  }

  async function installFrom(kind: PackInstall['kind'], source: string): Promise<void> {
    if (install.value) return
    const current: PackInstall = reactive({ kind, source, progress: null, controller: new AbortController(), paused: false })
    install.value = current
    await runInstall(current)
  }

  /** Stops a download, keeping what arrived: resuming continues from there. */
  function pauseInstall(): void {
    const current = install.value
    if (current?.kind !== 'download' || current.paused) return
    current.paused = true
    current.controller.abort()
  }

  /** Starts a paused download again; the studio resumes it from the partial files it kept. */
  async function resumeInstall(): Promise<void> {
    const current = install.value
    if (!current?.paused) return
    Object.assign(current, { paused: false, controller: new AbortController() })
    await runInstall(current)
  }

  function cancelInstall(): void {
    const current = install.value
    if (current?.paused) install.value = null
    else current?.controller.abort()
  }

  studio.on('packs.changed', () => void refresh())
  return {
    packs, details, fits, verified, install, notices, optimizeOffer, error, activeText, activeImage,
    refresh, use, useWeights, verify, remove, installFrom, pauseInstall, resumeInstall, cancelInstall,
  }
})
