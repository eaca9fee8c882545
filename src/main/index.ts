/**
 * The Electron shell: window, app:// protocol, IPC router and event forwarding. Everything the
 * app does lives in the studio core (plain Node); this file only connects it to Electron.
 */
import { app, BrowserWindow, ipcMain, protocol, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callNames } from '../shared/contract'
import { EVENT_CHANNEL } from '../shared/envelope'
import { APP_ORIGIN, APP_SCHEME } from './shell/app-origin'
import { guardWebContents } from './shell/guards'
import { createIpcRouter } from './shell/ipc-router'
import { createAppProtocolHandler } from './shell/protocol'
import { mainWindowOptions } from './shell/window-options'
import { createElectronPdfPrinter } from './shell/print-to-pdf'
import { spawnUtilityEngine } from './shell/utility-engine-process'
import { sourceResourcesDir } from './studio/core/paths'
import { createStudio, type Studio } from './studio/core/studio'

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN
let studio: Studio | null = null

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, appOrigin, (url) => void shell.openExternal(url))
})

app.whenReady().then(() => {
  const resourcesDir = app.isPackaged ? process.resourcesPath : sourceResourcesDir()
  const dataDir = app.getPath('userData')
  studio = createStudio({
    dataDir,
    packs: { resourcesDir },
    pdfPrinter: createElectronPdfPrinter(),
    spawnEngine: spawnUtilityEngine,
  })

  protocol.handle(APP_SCHEME, createAppProtocolHandler(fileURLToPath(new URL('../renderer', import.meta.url)), join(dataDir, 'projects')))
  const route = createIpcRouter(studio.handlers, appOrigin)
  for (const name of callNames) ipcMain.handle(name, (event, payload) => route(event, name, payload))

  const window = new BrowserWindow(mainWindowOptions(fileURLToPath(new URL('../preload/index.cjs', import.meta.url))))
  studio.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { event, payload })
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
})

app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => void studio?.close())
