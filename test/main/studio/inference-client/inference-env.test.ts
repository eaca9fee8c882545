import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { INFERENCE_EXEC_ARGV, inferenceEnv } from '../../../../src/main/studio/inference-client/inference-env'

describe('inferenceEnv', () => {
  it('asks glibc for transparent huge pages on Linux, keeping the rest of the environment', () => {
    expect(inferenceEnv({ PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' })
  })

  it('asks for nothing when the settings turn huge pages off', () => {
    expect(inferenceEnv({ PATH: '/bin' }, 'linux', false)).toEqual({ PATH: '/bin' })
  })

  it("adds to the person's own tunables instead of replacing them", () => {
    expect(inferenceEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux').GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1')
  })

  it('leaves a hugetlb setting the person chose as it is', () => {
    for (const tunables of ['glibc.malloc.hugetlb=0', 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2']) {
      expect(inferenceEnv({ GLIBC_TUNABLES: tunables }, 'linux').GLIBC_TUNABLES).toBe(tunables)
    }
  })

  it('changes nothing where malloc is not glibc, and returns a copy', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const base = { PATH: 'C:\\' }
      const env = inferenceEnv(base, platform)
      expect(env).toEqual(base)
      expect(env).not.toBe(base)
    }
  })
})

describe('INFERENCE_EXEC_ARGV', () => {
  it('holds flags this Node accepts (an unknown one would stop the inference process from starting)', () => {
    const seen = execFileSync(process.execPath, [...INFERENCE_EXEC_ARGV, '-p', 'JSON.stringify(process.execArgv)'], { encoding: 'utf8' })
    expect(JSON.parse(seen).slice(0, INFERENCE_EXEC_ARGV.length)).toEqual([...INFERENCE_EXEC_ARGV])
    expect(INFERENCE_EXEC_ARGV).toContain('--single-threaded-gc')
  })
})
