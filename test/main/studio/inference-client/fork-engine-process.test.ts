import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'

// Records how the inference process is started, without starting one: the flags it is given
// are what this checks (engine-client.int.test.ts runs real ones).
const forks: { modulePath: string; options: { execArgv: string[]; env: NodeJS.ProcessEnv } }[] = []
vi.mock('node:child_process', () => ({
  fork: (modulePath: string, _args: string[], options: never) => {
    forks.push({ modulePath, options })
    return Object.assign(new EventEmitter(), { pid: 1, connected: false, kill: () => true, ref: () => {}, unref: () => {} })
  },
}))

describe('forkEngineProcess', async () => {
  const { forkEngineProcess } = await import('../../../../src/main/studio/inference-client/fork-engine-process')
  const { INFERENCE_EXEC_ARGV, inferenceEnv } = await import('../../../../src/main/studio/inference-client/inference-env')

  it('starts the inference process with its V8 flags and environment', () => {
    forkEngineProcess({ message: () => {}, exit: () => {} }, { hugePages: false })
    const [{ modulePath, options }] = forks
    expect(modulePath).toMatch(/engine-process\.ts$/)
    expect(options.execArgv.slice(0, INFERENCE_EXEC_ARGV.length)).toEqual([...INFERENCE_EXEC_ARGV])
    // From source the entry runs through tsx, after the V8 flags.
    expect(options.execArgv.slice(INFERENCE_EXEC_ARGV.length)).toEqual(['--import', expect.stringContaining('tsx')])
    expect(options.env).toEqual(inferenceEnv(process.env, process.platform, false))
  })
})
