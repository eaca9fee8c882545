/**
 * The Electron shell: window, app:// protocol, IPC router, menu and event forwarding. Everything
 * the app does lives in the studio core (plain Node); this file only connects it to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, shell } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callNames } from '../shared/contract'
import { EVENT_CHANNEL } from '../shared/envelope'
import { MENU_CHANNEL, MENU_LANGUAGE_CHANNEL, SAVE_PDF_CHANNEL } from '../preload/api'
import { applicationMenuTemplate } from './shell/app-menu'
import { menuLabelsFor } from './shell/menu-labels'
import { ContractError } from '../shared/errors'
import { APP_ORIGIN, APP_SCHEME } from './shell/app-origin'
import { guardWebContents } from './shell/guards'
import { createIpcRouter, isTrustedSender } from './shell/ipc-router'
import { createAppProtocolHandler } from './shell/protocol'
import { ChosenFiles, chosenPdfPath, pdfSaveDialogOptions } from './shell/save-dialog'
import { mainWindowOptions } from './shell/window-options'
import { readWindowState, rememberWindowState } from './shell/window-state'
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
let window: BrowserWindow | null = null

// One studio per data folder: a second start brings the running window forward instead.
if (!app.requestSingleInstanceLock()) app.quit()
app.on('second-instance', () => {
  if (!window) return
  if (window.isMinimized()) window.restore()
  window.focus()
})

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, appOrigin, (url) => void shell.openExternal(url))
})

app.whenReady().then(() => {
  const resourcesDir = app.isPackaged ? process.resourcesPath : sourceResourcesDir()
  const dataDir = app.getPath('userData')
  // Writes go only into the data folder and the files the person chose in the save dialog.
  const chosenFiles = new ChosenFiles()
  studio = createStudio({
    dataDir,
    packs: { resourcesDir },
    writableFolders: [],
    chosenFiles: () => chosenFiles.list(),
    pdfPrinter: createElectronPdfPrinter(),
    spawnEngine: spawnUtilityEngine,
    openFolder: async (path) => {
      const failure = await shell.openPath(path)
      if (failure) throw new ContractError('io', `Could not open ${path}: ${failure}`)
    },
  })

  protocol.handle(APP_SCHEME, createAppProtocolHandler(fileURLToPath(new URL('../renderer', import.meta.url)), join(dataDir, 'projects')))
  const route = createIpcRouter(studio.handlers, appOrigin)
  for (const name of callNames) ipcMain.handle(name, (event, payload) => route(event, name, payload))

  const stateFile = join(dataDir, 'window-state.json')
  const state = readWindowState(stateFile, screen.getAllDisplays().map((display) => display.workArea))
  const main = new BrowserWindow({
    ...mainWindowOptions(fileURLToPath(new URL('../preload/index.cjs', import.meta.url))),
    ...state,
  })
  window = main
  rememberWindowState(main, stateFile)
  main.on('closed', () => (window = null))

  ipcMain.handle(SAVE_PDF_CHANNEL, async (event, suggestedName: unknown) => {
    if (!isTrustedSender(event, appOrigin) || typeof suggestedName !== 'string') return null
    const chosen = chosenPdfPath(await dialog.showSaveDialog(main, pdfSaveDialogOptions(suggestedName, app.getPath('documents'))))
    if (chosen) chosenFiles.add(chosen)
    return chosen
  })
  const sendCommand = (command: string) => {
    if (!main.isDestroyed()) main.webContents.send(MENU_CHANNEL, command)
  }
  const buildMenu = (locale: unknown) =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(sendCommand, { platform: process.platform, dev: !app.isPackaged, labels: menuLabelsFor(locale) })))
  buildMenu(app.getLocale())
  // The page names its language when it starts and whenever the person changes it.
  ipcMain.handle(MENU_LANGUAGE_CHANNEL, (event, locale: unknown) => {
    if (isTrustedSender(event, appOrigin)) buildMenu(locale)
  })

  studio.events.subscribe((event, payload) => {
    if (!main.isDestroyed()) main.webContents.send(EVENT_CHANNEL, { event, payload })
  })
  main.once('ready-to-show', () => {
    if (state.maximized) main.maximize()
    main.show()
  })
  void main.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
})

app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => void studio?.close())
