import type { EngineSettings, StudioSettingsReport } from '../../../../shared/contract/settings'
import { ContractError } from '../../../../shared/errors'
import { EngineSettingsFile } from '../../settings/engine-settings-file'
import { hugePagesApply } from '../../inference-client/inference-env'
import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

type SettingsCalls = 'settings.get' | 'settings.set' | 'settings.openDataFolder'

/**
 * The settings domain: where models run (device preference, which GPU) and with how many
 * threads, kept in the data folder and handed to the inference process, which applies them at
 * the next model load; and the data folder itself.
 */
export function createSettingsHandlers(deps: StudioDeps, file: EngineSettingsFile, initial: EngineSettings): Pick<Handlers, SettingsCalls> {
  let settings = initial
  const listGpus = deps.detectGpus
  let writing: Promise<unknown> = Promise.resolve()

  const report = async (): Promise<StudioSettingsReport> => ({
    engine: settings,
    gpus: await listGpus(),
    plan: await deps.engine.run('runtime.plan', {}),
    dataDir: deps.dataDir,
    canOpenFolders: deps.openFolder !== undefined,
    hugePagesApply: hugePagesApply(process.platform),
  })

  return {
    'settings.get': report,
    'settings.set': async (change) => {
      const next: EngineSettings = { ...settings, ...change }
      const found = await listGpus()
      if (next.gpuIndex > 0 && next.gpuIndex >= found.length) {
        const have = found.length === 0 ? 'no GPU was found on this machine' : `this machine has ${found.length} GPU${found.length > 1 ? 's' : ''} (0 to ${found.length - 1})`
        throw new ContractError('invalid-input', `There is no GPU ${next.gpuIndex}: ${have}.`, { gpuIndex: next.gpuIndex, gpuCount: found.length })
      }
      // Written one after another, so the file always holds the last change.
      writing = writing.catch(() => {}).then(() => file.write(next))
      await writing
      settings = next
      deps.engine.configure(next)
      return report()
    },
    'settings.openDataFolder': async () => {
      if (!deps.openFolder) throw new ContractError('unsupported', `Only the desktop app can open folders; the data folder is ${deps.dataDir}.`)
      await deps.openFolder(deps.dataDir)
      return { opened: true }
    },
  }
}
