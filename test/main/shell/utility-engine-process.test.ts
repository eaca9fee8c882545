import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { FromEngine } from '../../../src/main/inference/protocol'

// The Electron binary cannot run here, so `electron` is replaced by a utilityProcess whose
// children are event emitters recording what the shell does with them.
class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = []
  spawned = true
  killed = false
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  /** Like Electron's: nothing to signal (false) before the process has spawned. */
  kill() {
    if (!this.spawned) return false
    this.killed = true
    setImmediate(() => this.emit('exit', 15))
    return true
  }
}
const forks: { modulePath: string; args: string[]; options: { env: Record<string, string>; execArgv: string[]; serviceName: string }; child: FakeUtilityProcess }[] = []
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (modulePath: string, args: string[], options: never) => {
      const child = new FakeUtilityProcess()
      forks.push({ modulePath, args, options, child })
      return child
    },
  },
}))

describe('spawnUtilityEngine', async () => {
  const { spawnUtilityEngine } = await import('../../../src/main/shell/utility-engine-process')

  function spawn(hugePages = true) {
    const heard: { messages: FromEngine[]; exits: string[] } = { messages: [], exits: [] }
    const engine = spawnUtilityEngine({ message: (m) => heard.messages.push(m), exit: (reason) => heard.exits.push(reason) }, { hugePages })
    return { engine, heard, fork: forks.at(-1)! }
  }

  it('forks the built inference entry beside the main bundle, with the inference environment and V8 flags', () => {
    const { fork } = spawn()
    expect(fork.modulePath).toMatch(/[/\\]engine-process\.js$/)
    expect(fork.args).toEqual([])
    expect(fork.options.serviceName).toBe('Taleweaver inference')
    if (process.platform === 'linux') expect(fork.options.env.GLIBC_TUNABLES).toContain('glibc.malloc.hugetlb=1')
    expect(Object.values(fork.options.env).every((value) => typeof value === 'string')).toBe(true)
    expect(fork.options.execArgv).toEqual(['--single-threaded-gc'])
  })

  it('starts without huge pages when the settings turn them off', () => {
    expect(spawn(false).fork.options.env.GLIBC_TUNABLES ?? '').not.toContain('hugetlb')
  })

  it('relays messages both ways and reports the exit', async () => {
    const { engine, heard, fork } = spawn()
    engine.send({ type: 'run', id: 1, method: 'packs.release', params: { dir: '/x' } })
    expect(fork.child.posted).toEqual([{ type: 'run', id: 1, method: 'packs.release', params: { dir: '/x' } }])
    fork.child.emit('message', { type: 'result', id: 1, value: { listeners: 2 } })
    expect(heard.messages).toEqual([{ type: 'result', id: 1, value: { listeners: 2 } }])
    fork.child.emit('exit', 1)
    expect(heard.exits).toEqual(['the inference process exited with code 1'])
    // Nothing is posted to a process that is gone, and killing it again waits for nothing.
    engine.send({ type: 'cancel', id: 1 })
    expect(fork.child.posted).toHaveLength(1)
    await engine.kill()
    expect(fork.child.killed).toBe(false)
  })

  it('resolves kill once the process has exited', async () => {
    const { engine, heard, fork } = spawn()
    await engine.kill()
    expect(fork.child.killed).toBe(true)
    expect(heard.exits).toEqual(['the inference process exited with code 15'])
  })

  it('kills a process that had not spawned yet as soon as it does', async () => {
    const { engine, heard, fork } = spawn()
    fork.child.spawned = false
    const killing = engine.kill()
    expect(fork.child.killed).toBe(false)
    fork.child.spawned = true
    fork.child.emit('spawn')
    await killing
    expect(fork.child.killed).toBe(true)
    expect(heard.exits).toEqual(['the inference process exited with code 15'])
  })
})
