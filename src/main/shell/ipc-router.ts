import type { CallResult } from '../../shared/envelope'
import { dispatch } from '../studio/core/dispatch'
import type { Handlers } from '../studio/core/handlers'
import { isAppUrl } from './app-origin'

/** The part of Electron's IpcMainInvokeEvent the router looks at. */
export interface IpcSender {
  senderFrame: { url: string; parent: unknown } | null
}

/** Whether an IPC message comes from the app's own top frame (not an iframe, not another page). */
export function isTrustedSender(event: IpcSender, appOrigin: string): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isAppUrl(frame.url, appOrigin)
}

/**
 * Every IPC call passes here: the sender must be the app's top frame, the channel a contract
 * call, and the payload must parse; only then does a handler run. Failures come back as typed
 * errors in the result envelope (never thrown, so Electron does not mangle the message).
 */
export function createIpcRouter(handlers: Handlers, appOrigin: string) {
  return async function route(event: IpcSender, channel: string, payload: unknown): Promise<CallResult> {
    if (!isTrustedSender(event, appOrigin)) {
      return { ok: false, error: { code: 'forbidden-sender', message: 'Calls are accepted only from the app window.' } }
    }
    return dispatch(handlers, channel, payload)
  }
}
