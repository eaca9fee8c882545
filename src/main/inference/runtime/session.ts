import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import type { ProviderAttempt as ContractProviderAttempt } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { allocationFailureError } from './allocation-failure'
import type { EngineSettings } from '../../../shared/contract/settings'
import { providerOrder, type ProviderName, type ProviderPreference } from './execution-providers'
import { effectiveThreads, runtimeSettings } from './runtime-settings'

/** One provider tried for a session; `error` and `failure` say why it did not run it. */
export interface ProviderAttempt extends ContractProviderAttempt {
  provider: ProviderName
}

export interface OpenedSession {
  session: ort.InferenceSession
  /** The provider that actually runs the session. */
  provider: ProviderName
  /** Every provider tried, in order, with the reason each earlier one was skipped. */
  attempts: ProviderAttempt[]
}

/** Providers that failed once in this process; retrying them for every model only wastes time. */
const failedProviders = new Map<ProviderName, string>()

/**
 * Session settings every engine shares. onnxruntime's CPU pool gets one thread per core unless
 * the person set a count (one fewer halved the decode rate on a two-core machine), and a GPU
 * provider the device id chosen in the settings.
 *
 * `spinning`: the pool's threads spin between kernels (onnxruntime's default) instead of
 * sleeping. The text decoder asks for it: a decode step of a quantized pack is a hundred short
 * kernels, and waking a sleeping thread for each cost 6 to 38% of the q4 decode rate on two
 * cores (`spinning_gain_q4` 1.065 and 1.382 in two text bench runs). Picture models run long
 * kernels, and between their runs the loop's own work (scheduler step, preview) needs the core
 * a spinning thread would hold: they sleep (the heavy fixture's UNet step took 42 ms spinning,
 * 37 ms sleeping, in the image bench). A spinning thread also holds its core against other processes, which is why the
 * studio receives text in batches a few times a second (PieceBatcher), not a message per token.
 */
export function sessionOptions(provider: ProviderName, settings: EngineSettings = runtimeSettings(), spinning = false): ort.InferenceSession.SessionOptions {
  // CUDA and DirectML number their devices; the other providers take no device id.
  const executionProvider = provider === 'cuda' || provider === 'dml' ? { name: provider, deviceId: settings.gpuIndex } : provider
  return {
    executionProviders: [executionProvider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: effectiveThreads(settings),
    ...(spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  }
}

/**
 * Opens a model file on the first provider that starts, walking the preference order and
 * ending in CPU. Models are loaded by path so that external weight files resolve beside them.
 */
export async function openSession(modelPath: string, preference: ProviderPreference = runtimeSettings().device, spinning = false): Promise<OpenedSession> {
  const attempts: ProviderAttempt[] = []
  for (const provider of providerOrder(process.platform, process.arch, preference)) {
    const skipped = skipReason(provider)
    if (skipped) {
      attempts.push({ provider, ...skipped })
      continue
    }
    try {
      const session = await ort.InferenceSession.create(modelPath, sessionOptions(provider, runtimeSettings(), spinning))
      attempts.push({ provider })
      return { session, provider, attempts }
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      if (provider === 'cpu') {
        const memory = allocationFailureError(error)
        if (memory) throw memory
        throw new ContractError('pack-invalid', `Could not load ${modelPath}: ${reason}`, { attempts })
      }
      failedProviders.set(provider, reason)
      attempts.push({ provider, error: reason, failure: 'failed' })
    }
  }
  throw new ContractError('internal', 'No execution provider was tried.')
}

/**
 * The provider a session opened now would most likely run on: the first of the preference order
 * whose libraries are present and that has not failed in this process. Lets a loader choose
 * files for a provider before opening them.
 */
export function likelyProvider(preference: ProviderPreference = runtimeSettings().device): ProviderName {
  return providerPlan(preference).provider
}

/**
 * The providers a session opened now would try, without opening one: each skipped for a missing
 * library or an earlier failure in this process says why, and the first left is the one expected
 * to run it (it may still fail to start, and the session then falls back as `openSession` says).
 */
export function providerPlan(preference: ProviderPreference = runtimeSettings().device): { provider: ProviderName; attempts: ProviderAttempt[] } {
  const attempts: ProviderAttempt[] = []
  for (const provider of providerOrder(process.platform, process.arch, preference)) {
    const skipped = skipReason(provider)
    attempts.push({ provider, ...skipped })
    if (!skipped) return { provider, attempts }
  }
  return { provider: 'cpu', attempts }
}

/** Why a provider is not worth trying: its libraries are absent, or it failed once in this process. */
function skipReason(provider: ProviderName): Pick<ProviderAttempt, 'error' | 'failure'> | undefined {
  const missing = missingProviderLibrary(provider)
  if (missing) return { error: missing, failure: 'not-installed' }
  const failedBefore = failedProviders.get(provider)
  return failedBefore ? { error: failedBefore, failure: 'failed' } : undefined
}

/**
 * onnxruntime-node loads the CUDA provider from shared libraries that its installer downloads
 * only on request (ONNXRUNTIME_NODE_INSTALL=cuda12). Checking for them first gives a reason a
 * person can act on, and spares onnxruntime printing its own error to stderr.
 */
function missingProviderLibrary(provider: ProviderName): string | undefined {
  if (provider !== 'cuda' || process.platform !== 'linux') return undefined
  const binding = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', 'linux', process.arch)
  const library = 'libonnxruntime_providers_cuda.so'
  if (existsSync(join(binding, library))) return undefined
  return `${library} is not installed; reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 to use an NVIDIA GPU`
}

/** One line for logs and the UI: which provider runs, and why the earlier ones did not. */
export function describeProviders(attempts: ProviderAttempt[]): string {
  return attempts.map((a) => (a.error ? `${a.provider} unavailable (${a.error})` : `running on ${a.provider}`)).join('; ')
}

/**
 * A notice for a person when a model does not run where they would expect: a provider that
 * was tried and did not start, or one asked for by name that is not installed. With `auto`, a
 * GPU provider whose libraries are absent is the normal state of a CPU-only installation and
 * gives no notice (the attempts still say why, for logs and scripts).
 */
export function providerNotice(attempts: ProviderAttempt[], preference: ProviderPreference = 'auto'): string | null {
  const askedFor = (provider: ProviderName) => provider === preference || (preference === 'gpu' && provider !== 'cpu')
  const worthTelling = attempts.filter((a) => a.failure === 'failed' || (a.failure === 'not-installed' && askedFor(a.provider)))
  if (worthTelling.length === 0) return null
  return `Execution provider: ${describeProviders([...worthTelling, ...attempts.filter((a) => !a.error)])}.`
}
