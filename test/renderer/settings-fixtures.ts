import type { EngineSettings, GpuDevice, StudioSettingsReport } from '../../src/shared/contract'

/** Two GPUs as a driver would list them; no GPU can be present where these tests run. */
export const TWO_GPUS: GpuDevice[] = [
  { index: 0, name: 'NVIDIA GeForce RTX 4060', memoryBytes: 8 * 2 ** 30 },
  { index: 1, name: 'NVIDIA GeForce RTX 4090', memoryBytes: 24 * 2 ** 30 },
]

/** A settings report as the studio answers it on a CPU-only machine. */
export function settingsReport(engine: Partial<EngineSettings> = {}, extra: Partial<StudioSettingsReport> = {}): StudioSettingsReport {
  const settings: EngineSettings = { device: 'auto', gpuIndex: 0, threads: 0, hugePages: true, ...engine }
  return {
    engine: settings,
    gpus: [],
    plan: {
      provider: 'cpu',
      attempts:
        settings.device === 'cpu'
          ? [{ provider: 'cpu' }]
          : [{ provider: 'cuda', error: 'libonnxruntime_providers_cuda.so is not installed', failure: 'not-installed' }, { provider: 'cpu' }],
      threads: settings.threads || 8,
      gpuIndex: settings.gpuIndex,
    },
    dataDir: '/home/ada/.config/Taleweaver',
    canOpenFolders: false,
    hugePagesApply: true,
    ...extra,
  }
}
