/**
 * The renderer's only bridge to the studio. Inside the app it uses the preload API; in a
 * browser (the studio server) it speaks the same contract over a WebSocket. Components and
 * stores never touch `window.taleweaver` or sockets themselves.
 */
import type { StudioClient } from '../../../shared/client'
import type { CallName, EventName } from '../../../shared/contract'
import { unwrapResult, type CallResult, type EventMessage } from '../../../shared/envelope'
import { ContractError } from '../../../shared/errors'

type Listener = (payload: unknown) => void

function preloadClient(api: NonNullable<Window['taleweaver']>): StudioClient {
  return {
    call: async (name, input) => unwrapResult(await (api.call[name] as (i: unknown) => Promise<CallResult>)(input)) as never,
    on: (event, listener) => api.on[event](listener as never),
  }
}

/** The studio server's WebSocket transport, reconnecting after the server restarts. */
function socketClient(url: string): StudioClient {
  const listeners = new Map<EventName, Set<Listener>>()
  const pending = new Map<number, (result: CallResult) => void>()
  let nextId = 1
  let socket: WebSocket | null = null
  let opened: Promise<WebSocket> | null = null

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.addEventListener('open', () => resolve((socket = ws)))
      ws.addEventListener('message', (message) => {
        const data = JSON.parse(String(message.data)) as (CallResult & { id: number }) | EventMessage
        if ('event' in data) listeners.get(data.event)?.forEach((listener) => listener(data.payload))
        else pending.get(data.id)?.(data)
      })
      ws.addEventListener('close', () => {
        opened = null
        socket = null
        for (const [id, settle] of pending) {
          pending.delete(id)
          settle({ ok: false, error: { code: 'engine-crashed', message: 'Lost the connection to the studio.' } })
        }
      })
      ws.addEventListener('error', () => reject(new ContractError('io', 'Cannot reach the studio server.')))
    })
    return opened
  }

  return {
    async call(name: CallName, input: unknown) {
      const ws = socket ?? (await connect())
      const id = nextId++
      const result = new Promise<CallResult>((resolve) => pending.set(id, resolve))
      ws.send(JSON.stringify({ id, call: name, input }))
      const settled = await result
      pending.delete(id)
      return unwrapResult(settled) as never
    },
    on(event, listener) {
      void connect()
      const set = listeners.get(event) ?? new Set()
      set.add(listener as Listener)
      listeners.set(event, set)
      return () => set.delete(listener as Listener)
    },
  }
}

function createClient(): StudioClient {
  if (window.taleweaver) return preloadClient(window.taleweaver)
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  // The studio server admits only the holder of the token in the URL it printed.
  const token = new URLSearchParams(location.search).get('token') ?? ''
  return socketClient(`${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`)
}

export const studio: StudioClient = createClient()
