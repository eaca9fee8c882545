import { describe, expect, it } from 'vitest'
import { EngineClient, restartDelayMs } from '../../../../src/main/studio/inference-client/engine-client'
import type { EngineProcessListener, EngineProcessSetup, SpawnEngine, ToEngine } from '../../../../src/main/inference/protocol'
import { ENGINE_SETTINGS_DEFAULTS } from '../../../../src/shared/contract/settings'

/**
 * Processes that live in this thread: a run of `text.tokenize` with text "crash" ends the process
 * the way a native crash would (an exit, no answer), "hang" never answers, "slow" answers after
 * 50 ms, "uncloneable" cannot be sent, anything else answers at once. A killed process exits
 * 10 ms later, as a real one does.
 */
function fakeProcesses() {
  const spawnedAt: number[] = []
  const setups: EngineProcessSetup[] = []
  const crashedAt: number[] = []
  const holds: boolean[] = []
  const spawn: SpawnEngine = (listener: EngineProcessListener, setup: EngineProcessSetup) => {
    spawnedAt.push(performance.now())
    setups.push(setup)
    let gone = false
    return {
      send: (message: ToEngine) => {
        if (gone || message.type !== 'run' || message.method === 'runtime.configure') return
        const { text } = message.params as { text: string }
        if (text === 'uncloneable') throw new Error('could not be cloned')
        if (text === 'hang') return
        const answer = () => listener.message({ type: 'result', id: message.id, value: { ids: [], count: 0 } })
        if (text === 'slow') return void setTimeout(answer, 50)
        setImmediate(() => {
          if (text !== 'crash') return answer()
          gone = true
          crashedAt.push(performance.now())
          listener.exit('the inference process was stopped by SIGSEGV')
        })
      },
      hold: (busy) => void holds.push(busy),
      kill: async () => {
        gone = true
        await new Promise((resolve) => setTimeout(resolve, 10))
        listener.exit('the inference process was stopped by SIGTERM')
      },
    }
  }
  return { spawn, spawnedAt, setups, crashedAt, holds }
}

const tokenize = (engine: EngineClient, text: string) => engine.run('text.tokenize', { dir: '/pack', text })

describe('EngineClient restarts', () => {
  it('waits 0.25 s, then twice as long after each crash in a row, up to 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(restartDelayMs)).toEqual([0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000])
  })

  it('delays a new process after a crash, longer while crashes follow one another, and forgets once a run comes back', async () => {
    const { spawn, spawnedAt, crashedAt } = fakeProcesses()
    const engine = new EngineClient(spawn)
    const gapAfterCrash = (crash: number) => spawnedAt[crash + 1] - crashedAt[crash]
    for (let crash = 0; crash < 3; crash++) {
      await expect(tokenize(engine, 'crash')).rejects.toMatchObject({ code: 'engine-crashed', message: expect.stringContaining('SIGSEGV') })
    }
    expect(await tokenize(engine, 'fine')).toEqual({ ids: [], count: 0 })
    expect(spawnedAt).toHaveLength(4)
    // Timers may fire a millisecond early after rounding, never much more.
    expect(gapAfterCrash(0)).toBeGreaterThanOrEqual(249)
    expect(gapAfterCrash(1)).toBeGreaterThanOrEqual(499)
    expect(gapAfterCrash(2)).toBeGreaterThanOrEqual(999)

    // The run that came back reset the count: the next crash waits 0.25 s again, not 2 s.
    await expect(tokenize(engine, 'crash')).rejects.toMatchObject({ code: 'engine-crashed' })
    expect(await tokenize(engine, 'fine')).toEqual({ ids: [], count: 0 })
    expect(gapAfterCrash(3)).toBeGreaterThanOrEqual(249)
    expect(gapAfterCrash(3)).toBeLessThan(1500)
  })

  it('lets a cancelled run stop waiting for the restart', async () => {
    const { spawn, spawnedAt } = fakeProcesses()
    const engine = new EngineClient(spawn)
    // Three crashes in a row: the next process would start only after 1 s.
    for (let crash = 0; crash < 3; crash++) await expect(tokenize(engine, 'crash')).rejects.toMatchObject({ code: 'engine-crashed' })
    const cancel = new AbortController()
    const started = performance.now()
    const waiting = engine.run('text.tokenize', { dir: '/pack', text: 'fine' }, { signal: cancel.signal })
    setTimeout(() => cancel.abort(), 20)
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    expect(performance.now() - started).toBeLessThan(700)
    expect(spawnedAt).toHaveLength(3)
  })

  it('fails only the runs of the process that exited', async () => {
    const { spawn, spawnedAt } = fakeProcesses()
    const engine = new EngineClient(spawn)
    await tokenize(engine, 'fine')
    // The old process exits while a run on the new one is in flight.
    const disposing = engine.dispose()
    const onNewProcess = tokenize(engine, 'slow')
    await disposing
    expect(await onNewProcess).toEqual({ ids: [], count: 0 })
    expect(spawnedAt).toHaveLength(2)
  })

  it('fails a run whose parameters cannot be sent, and lets the host go once idle', async () => {
    const { spawn, holds } = fakeProcesses()
    const engine = new EngineClient(spawn)
    await expect(tokenize(engine, 'uncloneable')).rejects.toThrow('could not be cloned')
    expect(await tokenize(engine, 'fine')).toEqual({ ids: [], count: 0 })
    // Idle when started, held while each run is in flight, released after it.
    expect(holds).toEqual([false, true, false, true, false])
  })

  it('starts again at once after dispose, which is not a crash', async () => {
    const { spawn, spawnedAt } = fakeProcesses()
    const engine = new EngineClient(spawn)
    // Five disposals in a row, each failing a run in flight: counted as crashes, the next start
    // would wait 4 s.
    for (let i = 0; i < 5; i++) {
      const inFlight = tokenize(engine, 'hang')
      await engine.dispose()
      await expect(inFlight).rejects.toMatchObject({ code: 'engine-crashed', message: expect.stringContaining('SIGTERM') })
    }
    const before = performance.now()
    await tokenize(engine, 'fine')
    expect(spawnedAt).toHaveLength(6)
    expect(spawnedAt[5] - before).toBeLessThan(1000)
  })
})

describe('EngineClient settings read at start', () => {
  it('starts a new process for a huge-pages change once the running one is idle, never under a run', async () => {
    const { spawn, setups } = fakeProcesses()
    const engine = new EngineClient(spawn)
    await tokenize(engine, 'fine')
    expect(setups).toEqual([{ hugePages: true }])
    // Other settings reach the running process as a message: no new process.
    engine.configure({ ...ENGINE_SETTINGS_DEFAULTS, threads: 1 })
    await tokenize(engine, 'fine')
    expect(setups).toHaveLength(1)

    const slow = tokenize(engine, 'slow')
    engine.configure({ ...ENGINE_SETTINGS_DEFAULTS, hugePages: false })
    // A run while another is in flight joins the running process.
    await Promise.all([slow, tokenize(engine, 'fine')])
    expect(setups).toHaveLength(1)
    // The next run finds it idle: a process started with the new setting takes it.
    await tokenize(engine, 'fine')
    expect(setups).toEqual([{ hugePages: true }, { hugePages: false }])
    await tokenize(engine, 'fine')
    expect(setups).toHaveLength(2)
  })
})
