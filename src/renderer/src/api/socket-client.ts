/**
 * The studio server's WebSocket transport of the contract. When the connection drops, every
 * call in flight fails with an `io` error and every job this window is waiting on ends with a
 * `job.failed` event carrying one, so nothing waits forever; the transport then reconnects by
 * itself (0.5 s, doubling up to 5 s) while anything listens, and on the next call otherwise.
 */
import type { StudioClient } from '../../../shared/client'
import type { CallName, ContractEvents, EventName } from '../../../shared/contract'
import { unwrapResult, type CallResult, type EventMessage } from '../../../shared/envelope'
import { ContractError, type ContractErrorData } from '../../../shared/errors'

type Listener = (payload: unknown) => void

/** The part of the browser's WebSocket this transport uses (tests pass a stand-in). */
export type SocketFactory = (url: string) => Pick<WebSocket, 'send' | 'close' | 'addEventListener'>

const RECONNECT_FIRST_MS = 500
const RECONNECT_MAX_MS = 5000

const connectionLost: ContractErrorData = {
  code: 'io',
  message: 'Lost the connection to the studio. Check that `taleweaver serve` is still running; this page reconnects by itself.',
}

export function socketClient(url: string, openSocket: SocketFactory = (address) => new WebSocket(address)): StudioClient {
  const listeners = new Map<EventName, Set<Listener>>()
  const pending = new Map<number, (result: CallResult) => void>()
  /** Jobs announced on this connection that have not ended (the studio sends job.started before a job call's answer). */
  const openJobs = new Set<string>()
  let nextId = 1
  let socket: ReturnType<SocketFactory> | null = null
  let opened: Promise<ReturnType<SocketFactory>> | null = null
  let reconnectDelay = RECONNECT_FIRST_MS
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null

  const deliver = (event: EventName, payload: unknown) => {
    if (event === 'job.started') openJobs.add((payload as ContractEvents['job.started']).jobId)
    if (event === 'job.done' || event === 'job.failed') openJobs.delete((payload as { jobId: string }).jobId)
    listeners.get(event)?.forEach((listener) => listener(payload))
  }

  const dropped = () => {
    opened = null
    socket = null
    for (const [id, settle] of pending) {
      pending.delete(id)
      settle({ ok: false, error: connectionLost })
    }
    for (const jobId of [...openJobs]) deliver('job.failed', { jobId, error: connectionLost })
    if (listeners.size > 0 && !reconnectTimer) {
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null
        connect().catch(() => undefined)
      }, reconnectDelay)
      reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS)
    }
  }

  const connect = (): Promise<ReturnType<SocketFactory>> => {
    if (opened) return opened
    opened = new Promise((resolve, reject) => {
      const ws = openSocket(url)
      ws.addEventListener('open', () => {
        reconnectDelay = RECONNECT_FIRST_MS
        resolve((socket = ws))
      })
      ws.addEventListener('message', (message) => {
        const data = JSON.parse(String(message.data)) as (CallResult & { id: number }) | EventMessage
        if ('event' in data) deliver(data.event, data.payload)
        else pending.get(data.id)?.(data)
      })
      // A socket that never opened rejects its connect; one that did fails what is in flight.
      ws.addEventListener('close', () => {
        reject(new ContractError(connectionLost.code, connectionLost.message))
        dropped()
      })
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
      connect().catch(() => undefined)
      const set = listeners.get(event) ?? new Set()
      set.add(listener as Listener)
      listeners.set(event, set)
      return () => set.delete(listener as Listener)
    },
  }
}
