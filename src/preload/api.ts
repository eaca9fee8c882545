import { callNames, eventNames, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from '../shared/contract'
import type { CallResult } from '../shared/envelope'

/**
 * The window API: one function per contract call and one subscribe function per event, and
 * nothing else. Built from plain functions so it can be tested without Electron; the preload
 * passes in ipcRenderer-backed transports that never leak the IPC event to the page.
 */
export type PreloadApi = {
  call: { [K in CallName]: (input: CallInput<K>) => Promise<CallResult & { value?: CallOutput<K> }> }
  on: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void }
}

export type Invoke = (channel: CallName, input: unknown) => Promise<CallResult>
export type SubscribeAll = (listener: (event: EventName, payload: unknown) => void) => () => void

export function buildPreloadApi(invoke: Invoke, subscribe: SubscribeAll): PreloadApi {
  const call = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => invoke(name, input)]))
  const on = Object.fromEntries(
    eventNames.map((name) => [
      name,
      (listener: (payload: unknown) => void) =>
        subscribe((event, payload) => {
          if (event === name) listener(payload)
        }),
    ]),
  )
  return Object.freeze({ call: Object.freeze(call), on: Object.freeze(on) }) as PreloadApi
}

/** The name under which the API appears on `window`. */
export const WINDOW_API_NAME = 'taleweaver'

/** Native dialogs the desktop app offers the page (absent in a browser). */
export interface DesktopDialogs {
  /** Asks where to save a PDF; null when the person cancels. */
  savePdf(suggestedName: string): Promise<string | null>
}

/** The IPC channel of the save dialog (not a contract call: only the desktop app has it). */
export const SAVE_PDF_CHANNEL = 'dialog:save-pdf'

/** What the application menu asks the page to do. */
export const menuCommands = ['project.new', 'project.open', 'project.save-as', 'book.export-pdf'] as const
export type MenuCommand = (typeof menuCommands)[number]

/** The IPC channel the main process sends menu commands on. */
export const MENU_CHANNEL = 'menu:command'

/** The IPC channel the page tells the main process its language on (the menu follows it). */
export const MENU_LANGUAGE_CHANNEL = 'menu:language'

/** The application menu as the page sees it (absent in a browser). */
export interface DesktopMenu {
  onCommand(listener: (command: MenuCommand) => void): () => void
  /** Rebuilds the menu in the UI's language (a locale name: en, zh-CN). */
  setLanguage(locale: string): Promise<void>
}
