import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The main window's options. Security settings follow Electron's checklist: the page gets no
 * Node, runs sandboxed in an isolated world, and reaches the studio only through the preload.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    title: 'Taleweaver',
    backgroundColor: '#f7f3ea',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  }
}
