import { z } from 'zod'
import { defineCall } from './define'
import type { ProviderAttempt } from './text'

/** Where models run: the platform's GPU provider when it starts (auto), a GPU asked for by name, or the CPU only. */
export const devicePreferences = ['auto', 'gpu', 'cpu'] as const
export const DevicePreference = z.enum(devicePreferences)
export type DevicePreference = z.infer<typeof DevicePreference>

/** Most onnxruntime threads a person may ask for (far above any desktop's cores). */
export const MAX_ENGINE_THREADS = 256

/**
 * How the inference process opens models, kept in the data folder. It applies at the next model
 * load: sessions opened under other settings are released when these change.
 */
export const EngineSettings = z.strictObject({
  device: DevicePreference,
  /** Which GPU runs the models when there are several (CUDA / DirectML device id); 0 is the first. */
  gpuIndex: z.int().min(0).max(63),
  /** onnxruntime's intra-op threads; 0 means one per core. */
  threads: z.int().min(0).max(MAX_ENGINE_THREADS),
  /**
   * Huge memory pages for the weights (Linux): int8 and q4 packs decode faster with them, float32
   * ones about as fast or slower. Set when the inference process starts, so a change restarts it.
   */
  hugePages: z.boolean(),
})
export type EngineSettings = z.infer<typeof EngineSettings>

export const ENGINE_SETTINGS_DEFAULTS: EngineSettings = { device: 'auto', gpuIndex: 0, threads: 0, hugePages: true }

/** One GPU of this machine, as its driver lists it. */
export interface GpuDevice {
  /** The device id the execution provider takes. */
  index: number
  name: string
  /** Its own memory, when the driver says. */
  memoryBytes: number | null
}

/** What a model loaded now would run on, before any is loaded. */
export interface ProviderPlan {
  /** The provider expected to run it (cpu, cuda, dml, coreml). */
  provider: string
  /** Every provider in the order of preference; each skipped one says why. */
  attempts: ProviderAttempt[]
  /** The intra-op threads a session gets (the setting, or the core count for 0). */
  threads: number
  /** The GPU device id a GPU provider gets. */
  gpuIndex: number
}

/** The Settings view's figures: the stored settings and what they mean on this machine. */
export interface StudioSettingsReport {
  engine: EngineSettings
  /** The GPUs found on this machine (none where there is no driver to list them). */
  gpus: GpuDevice[]
  /** What the inference process will run models on, under these settings. */
  plan: ProviderPlan
  /** The data folder: projects, installed packs and settings. */
  dataDir: string
  /** Whether this host can open a folder in the system's file manager (the desktop app can). */
  canOpenFolders: boolean
  /** Whether the huge-pages setting does anything on this system (Linux only). */
  hugePagesApply: boolean
}

export const settingsCalls = {
  'settings.get': defineCall<StudioSettingsReport>()(z.strictObject({}), 'The engine settings, the GPUs found and what runs the models.'),
  'settings.set': defineCall<StudioSettingsReport>()(
    EngineSettings.partial(),
    'Change where models run, with how many threads, and whether with huge pages; applies at the next model load (huge pages: when the inference process is next idle).',
  ),
  'settings.openDataFolder': defineCall<{ opened: boolean }>()(z.strictObject({}), "Show the data folder in the system's file manager (the desktop app only)."),
}
