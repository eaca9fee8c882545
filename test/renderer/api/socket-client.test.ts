import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { socketClient, type SocketFactory } from '../../../src/renderer/src/api/socket-client'
import { runJob } from '../../../src/shared/run-job'

/**
 * A stand-in for the browser's WebSocket (this test runs without a browser): it records what
 * the client sends and lets the test answer, push events and drop the connection.
 */
class FakeSocket {
  static opened: FakeSocket[] = []
  readonly sent: { id: number; call: string; input: unknown }[] = []
  private readonly handlers = new Map<string, ((event: { data?: string }) => void)[]>()
  constructor() {
    FakeSocket.opened.push(this)
    queueMicrotask(() => this.fire('open', {}))
  }
  addEventListener(type: string, handler: (event: { data?: string }) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler])
  }
  send(text: string) {
    this.sent.push(JSON.parse(text))
  }
  close() {
    this.fire('close', {})
  }
  answer(id: number, value: unknown) {
    this.fire('message', { data: JSON.stringify({ id, ok: true, value }) })
  }
  push(event: string, payload: unknown) {
    this.fire('message', { data: JSON.stringify({ event, payload }) })
  }
  private fire(type: string, event: { data?: string }) {
    for (const handler of this.handlers.get(type) ?? []) handler(event)
  }
}
const openFake: SocketFactory = () => new FakeSocket() as unknown as ReturnType<SocketFactory>
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => {
  FakeSocket.opened = []
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the WebSocket transport', () => {
  it('fails a call in flight with an io error when the connection drops', async () => {
    const client = socketClient('ws://studio/api', openFake)
    const call = client.call('packs.list', {})
    await flush()
    FakeSocket.opened[0].close()
    await expect(call).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('Lost the connection') })
  })

  it('ends a job it waits on with an io error when the connection drops', async () => {
    const client = socketClient('ws://studio/api', openFake)
    const job = runJob(client, 'text.generate', { prompt: 'Once' })
    await flush()
    const socket = FakeSocket.opened[0]
    const { id } = socket.sent[0]
    socket.push('job.started', { jobId: 'j1', call: 'text.generate', kind: 'text', title: 'Continue' })
    socket.answer(id, { jobId: 'j1' })
    await flush()
    socket.close()
    await expect(job).rejects.toMatchObject({ code: 'io' })
  })

  it('reconnects by itself while something listens, and calls go through again', async () => {
    vi.useFakeTimers()
    const client = socketClient('ws://studio/api', openFake)
    const seen: unknown[] = []
    client.on('packs.changed', (payload) => seen.push(payload))
    await vi.advanceTimersByTimeAsync(0)
    FakeSocket.opened[0].close()
    expect(FakeSocket.opened).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(FakeSocket.opened).toHaveLength(2)
    const second = FakeSocket.opened[1]
    second.push('packs.changed', { active: { text: 'a', image: null } })
    expect(seen).toEqual([{ active: { text: 'a', image: null } }])
    const call = client.call('packs.list', {})
    await vi.advanceTimersByTimeAsync(0)
    second.answer(second.sent[0].id, [])
    await expect(call).resolves.toEqual([])
  })

  it('rejects a call with an io error when the studio cannot be reached', async () => {
    const refusing: SocketFactory = () => {
      const socket = new FakeSocket()
      // The browser closes a socket that never opened; the fake's own open is then a no-op.
      socket.addEventListener = ((type: string, handler: (event: object) => void) => {
        if (type === 'close') queueMicrotask(() => handler({}))
      }) as never
      return socket as unknown as ReturnType<SocketFactory>
    }
    await expect(socketClient('ws://studio/api', refusing).call('packs.list', {})).rejects.toMatchObject({ code: 'io' })
  })
})
