import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../preload/api'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Development builds add Reload and the developer tools. */
  dev: boolean
}

/**
 * The application menu: the usual File, Edit, View and Window menus with their usual
 * accelerators. File items the page acts on are sent to it as commands; Edit and View items use
 * Electron's built-in roles (which bring their own accelerators: undo, redo, zoom).
 */
export function applicationMenuTemplate(send: (command: MenuCommand) => void, { platform, dev }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: () => send('project.new') },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => send('project.open') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => send('project.save-as') },
      { type: 'separator' },
      { label: 'Export PDF…', accelerator: 'CmdOrCtrl+E', click: () => send('book.export-pdf') },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  }
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(dev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  }
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, edit, view, { role: 'windowMenu' }]
}
