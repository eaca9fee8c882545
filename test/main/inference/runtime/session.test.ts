import { describe, expect, it } from 'vitest'
import { providerNotice, type ProviderAttempt } from '../../../../src/main/inference/runtime/session'

const notInstalled: ProviderAttempt = { provider: 'cuda', error: 'libonnxruntime_providers_cuda.so is not installed', failure: 'not-installed' }
const failed: ProviderAttempt = { provider: 'cuda', error: 'CUDA failure 100: no CUDA-capable device is detected', failure: 'failed' }
const cpu: ProviderAttempt = { provider: 'cpu' }

describe('providerNotice', () => {
  it('says nothing when the first provider ran', () => {
    expect(providerNotice([cpu], 'cpu')).toBeNull()
    expect(providerNotice([{ provider: 'cuda' }], 'auto')).toBeNull()
  })

  it('says nothing on a CPU-only installation whose GPU provider is simply not installed', () => {
    expect(providerNotice([notInstalled, cpu], 'auto')).toBeNull()
  })

  it('tells why when a GPU provider was tried and did not start', () => {
    expect(providerNotice([failed, cpu], 'auto')).toBe('Execution provider: cuda unavailable (CUDA failure 100: no CUDA-capable device is detected); running on cpu.')
  })

  it('tells why when the provider asked for by name is not installed', () => {
    expect(providerNotice([notInstalled, cpu], 'cuda')).toBe('Execution provider: cuda unavailable (libonnxruntime_providers_cuda.so is not installed); running on cpu.')
  })
})
