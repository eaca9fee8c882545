import { availableParallelism } from 'node:os'
import { ENGINE_SETTINGS_DEFAULTS, type EngineSettings } from '../../../shared/contract/settings'

/**
 * The engine settings this inference process opens sessions with. The studio sends them when it
 * starts the process and whenever the person changes them; sessions remember the settings they
 * were opened under (see `settingsKey`), so a change takes effect at the next model load.
 */
let current: EngineSettings = { ...ENGINE_SETTINGS_DEFAULTS }

/** The settings new sessions are opened with. */
export function runtimeSettings(): EngineSettings {
  return current
}

/** Replaces the settings; true when they differ from the ones in force. */
export function configureRuntime(settings: EngineSettings): boolean {
  const changed = settingsKey(settings) !== settingsKey(current)
  current = { ...settings }
  return changed
}

/** Compares settings by value: sessions opened under another key are stale. */
export function settingsKey(settings: EngineSettings = current): string {
  return `${settings.device}/${settings.gpuIndex}/${settings.threads}`
}

/** The intra-op threads a session gets: the setting, or one per core for 0. */
export function effectiveThreads(settings: EngineSettings = current): number {
  return settings.threads > 0 ? settings.threads : availableParallelism()
}
