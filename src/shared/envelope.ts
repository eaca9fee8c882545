import type { EventName } from './contract'
import { fromErrorData, type ContractErrorData } from './errors'

/** How a call's outcome crosses a process boundary (IPC, WebSocket): never a thrown error. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: ContractErrorData }

/** A call's value, or its error thrown again as the ContractError it was on the other side. */
export function unwrapResult(result: CallResult): unknown {
  if (result.ok) return result.value
  throw fromErrorData(result.error)
}

/** How an event crosses a process boundary. */
export interface EventMessage {
  event: EventName
  payload: unknown
}

/** The IPC channel on which the studio pushes events to the window (calls use their own names). */
export const EVENT_CHANNEL = 'taleweaver:event'
