import type { EventName, EventPayload } from '../../../shared/contract'

type Listener = (event: EventName, payload: unknown) => void

/** Fans studio events out to every connected transport (IPC window, WebSocket clients, CLI). */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  /**
   * Delivers an event to every listener. A listener that throws (a closed window, a broken
   * socket) must not stop the others or the job that emitted the event.
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload)
      } catch (error) {
        console.error(`taleweaver: a ${event} listener failed:`, error)
      }
    }
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Subscribes to one event name. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.subscribe((name, payload) => {
      if (name === event) listener(payload as EventPayload<E>)
    })
  }
}
