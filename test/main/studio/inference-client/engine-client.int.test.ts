import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { EngineClient } from '../../../../src/main/studio/inference-client/engine-client'
import { ContractError } from '../../../../src/shared/errors'
import { crashableEngine } from '../../../fixtures/crashable-engine'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

/**
 * Runs `body` as a plain Node host (an ES module with `EngineClient` imported, nothing else
 * keeping it alive) and returns the lines it printed once it has exited.
 */
async function runHost(body: string): Promise<string[]> {
  const client = new URL('../../../../src/main/studio/inference-client/engine-client.ts', import.meta.url).href
  const script = `const { EngineClient } = await import(${JSON.stringify(client)})\n${body}`
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
    timeout: 30_000,
  })
  return stdout.trim().split('\n')
}

describe('EngineClient', () => {
  it('starts the inference process on the first run only, and says whether it runs', async () => {
    const engine = new EngineClient()
    expect(engine.started).toBe(false)
    try {
      // One release listener per engine that keeps sessions: text, pictures, upscaling.
      expect(await engine.run('packs.release', { dir: '/no/such/pack' })).toEqual({ listeners: 3 })
      expect(engine.started).toBe(true)
    } finally {
      await engine.dispose()
    }
    expect(engine.started).toBe(false)
  })

  it('fails the run in flight with engine-crashed when the process dies, and restarts on the next run', async () => {
    const dir = (await fixturePacks())[TEXT_FIXTURES.gpt2]
    const { spawn, crash } = crashableEngine()
    const engine = new EngineClient(spawn)
    const options = { greedy: true, maxNewTokens: 100, minNewTokens: 100 }
    try {
      // Killed from outside at the first token, as a native crash would end it.
      const crashed = engine.run('text.generate', { dir, prompt: 'Once upon a time', options }, { onEvent: crash })
      const error = await crashed.then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(ContractError)
      expect((error as ContractError).code).toBe('engine-crashed')
      expect((error as ContractError).message).toMatch(/stopped \(the inference process was stopped by SIGTERM\)/)
      expect(engine.started).toBe(false)

      const again = await engine.run('text.generate', { dir, prompt: 'Once upon a time', options: { ...options, maxNewTokens: 5, minNewTokens: 5 } })
      expect(again.tokens).toBe(5)
      expect(engine.started).toBe(true)
    } finally {
      await engine.dispose()
    }
  })

  it('fails the run, and only the run, when the inference process cannot start', async () => {
    // A Node binary that is not there makes the spawn itself fail (no pid, no exit event);
    // a send to that process fails too, which must not become an uncaught error in the host.
    const lines = await runHost(`
      process.execPath = '/no/such/node'
      const engine = new EngineClient()
      await engine.run('packs.release', { dir: '/no/such/pack' }).then(
        () => console.log('resolved'),
        (error) => console.log(JSON.stringify({ code: error.code, message: error.message })),
      )
      console.log(JSON.stringify({ started: engine.started }))
    `)
    const [failure, state] = lines.map((line) => JSON.parse(line))
    expect(failure).toMatchObject({ code: 'engine-crashed', message: expect.stringMatching(/could not start: spawn \/no\/such\/node ENOENT/) })
    expect(state).toEqual({ started: false })
  })

  it('keeps a plain Node host alive while a run is in flight or being disposed, and lets it exit once idle', async () => {
    const host = (then: string) =>
      runHost(`
        const engine = new EngineClient()
        console.log(JSON.stringify(await engine.run('packs.release', { dir: '/no/such/pack' })))
        ${then}
      `)
    // A host that never disposes the engine still prints the result, then exits.
    expect(await host('')).toEqual(['{"listeners":3}'])
    // One that disposes it waits for the process to be gone (a pending top-level await would
    // otherwise end Node with exit code 13 and no second line).
    expect(await host("await engine.dispose(); console.log('disposed')")).toEqual(['{"listeners":3}', 'disposed'])
  })
})
