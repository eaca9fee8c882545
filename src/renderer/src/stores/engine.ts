import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EngineSettings, StudioSettingsReport } from '../../../shared/contract'
import { studio } from '../api/client'
import { attemptInto } from '../errors'

/**
 * Where the studio runs models (device preference, which GPU, threads), what that means on this
 * machine, and the data folder: the studio keeps these, so every change is a contract call.
 */
export const useEngineStore = defineStore('engine', () => {
  const report = ref<StudioSettingsReport | null>(null)
  const error = ref<string | null>(null)
  /** A change on its way to the studio: its controls wait for it. */
  const saving = ref(false)

  const attempt = attemptInto(error)

  const load = () => attempt(async () => void (report.value = await studio.call('settings.get', {})))

  async function change(settings: Partial<EngineSettings>): Promise<void> {
    saving.value = true
    await attempt(async () => void (report.value = await studio.call('settings.set', settings)))
    saving.value = false
  }

  const openDataFolder = () => attempt(async () => void (await studio.call('settings.openDataFolder', {})))

  return { report, error, saving, load, change, openDataFolder }
})
