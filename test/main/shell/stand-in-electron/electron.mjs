/**
 * A stand-in for the `electron` module, for loading the built main bundle where the Electron
 * binary cannot run. It records what the shell asks of Electron and does the least that lets
 * the shell go on: the utility process is a plain forked Node child (the inference process
 * serves both), windows and menus are records.
 */
import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'

let windowLoaded
export const standIn = {
  singleInstanceLockRequested: false,
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  menuTemplate: null,
  forks: [],
  /** What the save dialog answers (a test sets it before invoking the dialog's channel). */
  saveDialogAnswer: { canceled: true },
  loaded: new Promise((resolve) => (windowLoaded = resolve)),
}

const appEvents = new EventEmitter()
export const app = {
  isPackaged: false,
  requestSingleInstanceLock: () => (standIn.singleInstanceLockRequested = true),
  whenReady: () => Promise.resolve(),
  getLocale: () => 'en-US',
  getPath: (name) => `${process.env.STAND_IN_USER_DATA}/${name === 'userData' ? '' : name}`,
  on: (event, listener) => appEvents.on(event, listener),
  emit: (event, ...args) => appEvents.emit(event, ...args),
  quit: () => appEvents.emit('will-quit'),
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => standIn.privilegedSchemes.push(...schemes),
  handle: (scheme, handler) => standIn.protocolHandlers.set(scheme, handler),
}

export const ipcMain = { handle: (channel, handler) => standIn.ipcHandlers.set(channel, handler) }

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = { send: () => {} }
    standIn.windows.push(this)
  }
  isDestroyed = () => false
  isMinimized = () => false
  getNormalBounds = () => ({ x: 0, y: 0, width: this.options.width, height: this.options.height })
  isMaximized = () => false
  loadURL(url) {
    this.url = url
    windowLoaded()
    return Promise.resolve()
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => (standIn.menuTemplate = menu.template),
}

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] }
export const dialog = { showSaveDialog: async () => standIn.saveDialogAnswer }
export const shell = { openExternal: async () => {}, openPath: async () => '' }

export const utilityProcess = {
  fork(modulePath, args, options) {
    standIn.forks.push(modulePath)
    const child = fork(modulePath, args, { env: options.env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    const process = new EventEmitter()
    child.on('spawn', () => process.emit('spawn'))
    child.on('message', (message) => process.emit('message', message))
    child.on('exit', (code) => process.emit('exit', code))
    process.postMessage = (message) => child.send(message)
    process.kill = () => child.kill()
    return process
  },
}

export default { app, protocol, ipcMain, BrowserWindow, Menu, screen, dialog, shell, utilityProcess, standIn }
