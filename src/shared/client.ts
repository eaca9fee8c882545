import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract'

/**
 * What any client of the studio sees, whatever the transport (IPC, WebSocket, direct calls).
 * Calls reject with a ContractError; `on` returns the function that unsubscribes.
 */
export interface StudioClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
