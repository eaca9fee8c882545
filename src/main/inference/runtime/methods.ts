/**
 * The runtime's methods in the inference process: the engine settings sessions open with, and
 * what a model loaded now would run on.
 */
import type { EngineSettings, ProviderPlan } from '../../../shared/contract/settings'
import { releaseEverySlot } from './pack-slot'
import { configureRuntime, effectiveThreads, runtimeSettings } from './runtime-settings'
import { providerPlan } from './session'

/** The provider plan under the settings in force. */
function currentPlan(): ProviderPlan {
  const settings = runtimeSettings()
  return { ...providerPlan(settings.device), threads: effectiveThreads(settings), gpuIndex: settings.gpuIndex }
}

export const runtimeMethods = {
  /**
   * Sets the engine settings; sessions opened under other ones are released (each once no run
   * uses it), so the next load applies them and two copies of a model never coexist.
   */
  'runtime.configure': async (params: EngineSettings): Promise<ProviderPlan> => {
    if (configureRuntime(params)) await releaseEverySlot()
    return currentPlan()
  },
  /** What a model loaded now would run on, and why any earlier provider would not. */
  'runtime.plan': async (): Promise<ProviderPlan> => currentPlan(),
}
