import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { callNames, contract, type CallName } from '../../../src/shared/contract'
import type { Handlers } from '../../../src/main/studio/core/handlers'
import { APP_ORIGIN } from '../../../src/main/shell/app-origin'
import { createIpcRouter, type IpcSender } from '../../../src/main/shell/ipc-router'

/** Handlers that only record that they ran: the router must decide before any of them does. */
function recordingHandlers() {
  const ran: string[] = []
  const handlers = Object.fromEntries(
    callNames.map((name) => [name, async () => (ran.push(name), { ok: true })]),
  ) as unknown as Handlers
  return { handlers, ran }
}

const appTopFrame: IpcSender = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } }

describe('IPC router', () => {
  it('runs the handler for a valid call from the app window', async () => {
    const { handlers, ran } = recordingHandlers()
    const route = createIpcRouter(handlers, APP_ORIGIN)
    expect(await route(appTopFrame, 'jobs.list', {})).toEqual({ ok: true, value: { ok: true } })
    expect(ran).toEqual(['jobs.list'])
  })

  it.each([
    ['a foreign origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a look-alike custom scheme', { senderFrame: { url: 'evil://studio/index.html', parent: null } }],
    ['a sub-frame of the app', { senderFrame: { url: `${APP_ORIGIN}/frame.html`, parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s without running a handler', async (_label, sender) => {
    const { handlers, ran } = recordingHandlers()
    const route = createIpcRouter(handlers, APP_ORIGIN)
    const result = await route(sender as IpcSender, 'jobs.list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } })
    expect(ran).toEqual([])
  })

  it('refuses an unknown channel with a typed error', async () => {
    const { handlers, ran } = recordingHandlers()
    const route = createIpcRouter(handlers, APP_ORIGIN)
    for (const channel of ['fs.read', '__proto__', 'constructor', 'toString', '']) {
      expect(await route(appTopFrame, channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-call' } })
    }
    expect(ran).toEqual([])
  })

  it('answers malformed payloads with validation errors only, never running a handler', async () => {
    const { handlers, ran } = recordingHandlers()
    const route = createIpcRouter(handlers, APP_ORIGIN)
    const channel = fc.constantFrom(...callNames)
    await fc.assert(
      fc.asyncProperty(channel, fc.anything(), async (name: CallName, payload) => {
        fc.pre(!contract[name].input.safeParse(payload).success)
        const result = await route(appTopFrame, name, payload)
        expect(result.ok).toBe(false)
        if (!result.ok) {
          expect(result.error.code).toBe('invalid-input')
          expect(result.error.message).toContain(name)
        }
      }),
      { numRuns: 400 },
    )
    expect(ran).toEqual([])
  })
})
