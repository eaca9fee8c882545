/**
 * The renderer's only bridge to the studio. Inside the app it uses the preload API; in a
 * browser (the studio server) it speaks the same contract over a WebSocket. Components and
 * stores never touch `window.taleweaver` or sockets themselves.
 */
import type { StudioClient } from '../../../shared/client'
import { unwrapResult, type CallResult } from '../../../shared/envelope'
import { socketClient } from './socket-client'

function preloadClient(api: NonNullable<Window['taleweaver']>): StudioClient {
  return {
    call: async (name, input) => unwrapResult(await (api.call[name] as (i: unknown) => Promise<CallResult>)(input)) as never,
    on: (event, listener) => api.on[event](listener as never),
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
