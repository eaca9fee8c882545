import { describe, expect, it } from 'vitest'
import { providerOrder } from '../../../../src/main/inference/runtime/execution-providers'

describe('providerOrder', () => {
  it.each([
    ['linux', 'x64', ['cuda', 'cpu']],
    ['win32', 'x64', ['dml', 'cpu']],
    ['win32', 'arm64', ['dml', 'cpu']],
    ['darwin', 'arm64', ['coreml', 'cpu']],
    ['darwin', 'x64', ['cpu']],
    ['linux', 'arm64', ['cpu']],
    ['freebsd', 'x64', ['cpu']],
  ])('auto on %s %s tries %j', (platform, arch, expected) => {
    expect(providerOrder(platform, arch)).toEqual(expected)
    expect(providerOrder(platform, arch, 'auto')).toEqual(expected)
  })

  it('never touches a GPU when cpu is asked for', () => {
    expect(providerOrder('linux', 'x64', 'cpu')).toEqual(['cpu'])
  })

  it('puts an explicit choice first and always ends in cpu', () => {
    expect(providerOrder('linux', 'x64', 'webgpu')).toEqual(['webgpu', 'cpu'])
    expect(providerOrder('darwin', 'arm64', 'cuda')).toEqual(['cuda', 'cpu'])
  })

  it('tries the platform GPU first when a GPU is asked for, and still ends in cpu', () => {
    expect(providerOrder('linux', 'x64', 'gpu')).toEqual(['cuda', 'cpu'])
    expect(providerOrder('win32', 'x64', 'gpu')).toEqual(['dml', 'cpu'])
    expect(providerOrder('linux', 'arm64', 'gpu')).toEqual(['cpu'])
  })
})
