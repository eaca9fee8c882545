import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_CHANNEL, type CallResult, type EventMessage } from '../shared/envelope'
import { buildPreloadApi, MENU_CHANNEL, MENU_LANGUAGE_CHANNEL, menuCommands, SAVE_PDF_CHANNEL, WINDOW_API_NAME, type MenuCommand } from './api'

// Only named functions cross into the page: never ipcRenderer, the IPC event or process.env.
const api = buildPreloadApi(
  (channel, input) => ipcRenderer.invoke(channel, input) as Promise<CallResult>,
  (listener) => {
    const forward = (_event: unknown, message: EventMessage) => listener(message.event, message.payload)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward)
    }
  },
)

const dialogs = Object.freeze({
  savePdf: (suggestedName: string) => ipcRenderer.invoke(SAVE_PDF_CHANNEL, String(suggestedName)) as Promise<string | null>,
})

const menu = Object.freeze({
  onCommand: (listener: (command: MenuCommand) => void) => {
    const forward = (_event: unknown, command: MenuCommand) => {
      if (menuCommands.includes(command)) listener(command)
    }
    ipcRenderer.on(MENU_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, forward)
    }
  },
  setLanguage: (locale: string) => ipcRenderer.invoke(MENU_LANGUAGE_CHANNEL, String(locale)) as Promise<void>,
})

contextBridge.exposeInMainWorld(WINDOW_API_NAME, Object.freeze({ ...api, dialogs, menu }))
