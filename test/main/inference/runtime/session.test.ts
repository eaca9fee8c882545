import { describe, expect, it } from 'vitest'
import { availableParallelism } from 'node:os'
import { providerNotice, sessionOptions, type ProviderAttempt } from '../../../../src/main/inference/runtime/session'

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

describe('sessionOptions', () => {
  it('gives CUDA and DirectML the chosen device id and every provider the chosen thread count', () => {
    // Options only: no GPU is present here, and none is needed to build them.
    const settings = { device: 'gpu', gpuIndex: 1, threads: 3, hugePages: true } as const
    expect(sessionOptions('cuda', settings)).toMatchObject({ executionProviders: [{ name: 'cuda', deviceId: 1 }], intraOpNumThreads: 3 })
    expect(sessionOptions('dml', settings).executionProviders).toEqual([{ name: 'dml', deviceId: 1 }])
    expect(sessionOptions('cpu', settings)).toMatchObject({ executionProviders: ['cpu'], intraOpNumThreads: 3 })
  })

  it('gives one thread per core when the setting is 0', () => {
    expect(sessionOptions('cpu', { device: 'auto', gpuIndex: 0, threads: 0, hugePages: true }).intraOpNumThreads).toBe(availableParallelism())
  })
})

describe('providerNotice for a GPU asked for by name', () => {
  it('tells why the platform GPU provider did not run', () => {
    expect(providerNotice([notInstalled, cpu], 'gpu')).toBe('Execution provider: cuda unavailable (libonnxruntime_providers_cuda.so is not installed); running on cpu.')
  })
})
