/**
 * The renderer's only bridge to the studio. Inside the app it uses the preload API; in a
 * browser (the studio server) it speaks the same contract over a WebSocket. Components and
 * stores never touch `window.taleweaver` or sockets themselves.
 */
import type { MenuCommand } from '../../../preload/api'
import type { StudioClient } from '../../../shared/client'
import { unwrapResult, type CallResult } from '../../../shared/envelope'
import { socketClient } from './socket-client'
import { studioFileUrl } from './studio-file-url'

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

/**
 * What the renderer needs from its host besides the studio: a place for drafts and settings
 * that survives a reload or a crash, the system's language and colour scheme, and (inside the
 * app) the native save dialog.
 */
export interface StudioHost {
  readDraft<T>(key: string): T | null
  writeDraft(key: string, value: unknown): void
  systemLanguages(): readonly string[]
  systemPrefersDark(): boolean
  /** Asks before something that cannot be undone; true to go ahead. */
  confirm(question: string): boolean
  /** An absolute path chosen in a native save dialog; undefined where there is no dialog (a browser). */
  choosePdfPath?(suggestedName: string): Promise<string | null>
  /** Saves a studio file (an app:// URL) into the browser's downloads; undefined inside the app, which has the dialog. */
  download?(appUrl: string, fileName: string): void
  /** The URL this page loads a studio file (an app:// URL) from. */
  fileUrl(appUrl: string): string
  /** The application menu's commands; undefined where there is no menu (a browser). */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void
  /** Puts the application menu in the UI's language; undefined where there is no menu (a browser). */
  setMenuLanguage?(locale: string): void
}

const DRAFT_PREFIX = 'taleweaver:'

export const host: StudioHost = {
  readDraft<T>(key: string): T | null {
    try {
      const raw = localStorage.getItem(DRAFT_PREFIX + key)
      return raw === null ? null : (JSON.parse(raw) as T)
    } catch {
      return null
    }
  },
  writeDraft(key, value) {
    try {
      localStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(value))
    } catch {
      // A full storage quota loses only the crash copy; the project itself is saved by the studio.
    }
  },
  systemLanguages: () => navigator.languages ?? [navigator.language],
  confirm: (question) => window.confirm(question),
  systemPrefersDark: () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
  choosePdfPath: window.taleweaver?.dialogs ? (name) => window.taleweaver!.dialogs!.savePdf(name) : undefined,
  download: window.taleweaver
    ? undefined
    : (appUrl, fileName) => {
        const link = Object.assign(document.createElement('a'), { href: studioFileUrl(appUrl, location), download: fileName })
        link.click()
      },
  fileUrl: (appUrl) => studioFileUrl(appUrl, window.taleweaver ? null : location),
  onMenuCommand: window.taleweaver?.menu ? (listener) => window.taleweaver!.menu!.onCommand(listener) : undefined,
  setMenuLanguage: window.taleweaver?.menu ? (locale) => void window.taleweaver!.menu!.setLanguage(locale) : undefined,
}
