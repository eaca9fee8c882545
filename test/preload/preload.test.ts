import { describe, expect, it, vi } from 'vitest'
import { callNames, eventNames } from '../../src/shared/contract'
import { MENU_CHANNEL, SAVE_PDF_CHANNEL } from '../../src/preload/api'
import { EVENT_CHANNEL } from '../../src/shared/envelope'

// The Electron binary cannot run here, so `electron` is replaced by a recorder of what the
// preload hands to contextBridge and registers on ipcRenderer.
const exposed: Record<string, unknown> = {}
const ipc = {
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
  on: vi.fn(),
  removeListener: vi.fn(),
}
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
  ipcRenderer: ipc,
}))

describe('preload', async () => {
  await import('../../src/preload/index')
  const api = exposed.taleweaver as {
    call: Record<string, (input: unknown) => Promise<unknown>>
    on: Record<string, (l: (p: unknown) => void) => () => void>
    dialogs: { savePdf(name: unknown): Promise<unknown> }
    menu: { onCommand(listener: (command: string) => void): () => void }
  }

  it('exposes one object with exactly the contract names, the save dialog and the menu', () => {
    expect(Object.keys(exposed)).toEqual(['taleweaver'])
    expect(Object.keys(api).sort()).toEqual(['call', 'dialogs', 'menu', 'on'])
    expect(Object.keys(api.call).sort()).toEqual([...callNames].sort())
    expect(Object.keys(api.on).sort()).toEqual([...eventNames].sort())
    expect([api, api.call, api.on, api.dialogs, api.menu].every((part) => Object.isFrozen(part))).toBe(true)
  })

  it('asks for a PDF path on the save-dialog channel, passing only a string', async () => {
    await api.dialogs.savePdf({ toString: () => 'Fox' })
    expect(ipc.invoke).toHaveBeenLastCalledWith(SAVE_PDF_CHANNEL, 'Fox')
  })

  it('passes menu commands on, and nothing else sent on the menu channel', () => {
    const received: string[] = []
    const unsubscribe = api.menu.onCommand((command) => received.push(command))
    const [channel, forward] = ipc.on.mock.calls.at(-1) as [string, (event: unknown, command: unknown) => void]
    expect(channel).toBe(MENU_CHANNEL)
    forward({}, 'book.export-pdf')
    forward({}, 'shell.openExternal')
    expect(received).toEqual(['book.export-pdf'])
    unsubscribe()
    expect(ipc.removeListener).toHaveBeenCalledWith(MENU_CHANNEL, forward)
  })

  it('hands over functions only: no ipcRenderer, no process, no Electron objects', () => {
    const values = [...Object.values(api.call), ...Object.values(api.on)]
    expect(values.every((value) => typeof value === 'function')).toBe(true)
    expect(JSON.stringify(api)).not.toContain('invoke')
    expect(values).not.toContain(ipc.invoke)
  })

  it('invokes the call on its own channel and forwards events without the IPC event', async () => {
    expect(await api.call['jobs.list']({})).toEqual({ ok: true, value: { channel: 'jobs.list', input: {} } })
    const received: unknown[] = []
    const unsubscribe = api.on['job.done']((payload) => received.push(payload))
    const [channel, forward] = ipc.on.mock.calls.find((call) => call[0] === EVENT_CHANNEL) as [string, (event: unknown, message: unknown) => void]
    expect(channel).toBe(EVENT_CHANNEL)
    const ipcEvent = { sender: 'secret', ports: [] }
    forward(ipcEvent, { event: 'job.token', payload: { jobId: 'a', text: 'x', index: 0 } })
    forward(ipcEvent, { event: 'job.done', payload: { jobId: 'a', result: 1 } })
    expect(received).toEqual([{ jobId: 'a', result: 1 }])
    unsubscribe()
    expect(ipc.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, forward)
  })
})
