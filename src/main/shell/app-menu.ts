import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../preload/api'
import type { MenuLabels } from './menu-labels'
import { menuLabels } from './menu-labels'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Development builds add Reload and the developer tools. */
  dev: boolean
  /** The words of the UI's language (English unless given). */
  labels?: MenuLabels
}

/**
 * The application menu: the usual File, Edit, View and Window menus with their usual
 * accelerators, in the UI's language. File items the page acts on are sent to it as commands;
 * Edit and View items use Electron's built-in roles (which bring their own accelerators: undo,
 * redo, zoom).
 */
export function applicationMenuTemplate(send: (command: MenuCommand) => void, { platform, dev, labels = menuLabels.en }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const file: MenuItemConstructorOptions = {
    label: labels.file,
    submenu: [
      { label: labels.newProject, accelerator: 'CmdOrCtrl+N', click: () => send('project.new') },
      { label: labels.openProject, accelerator: 'CmdOrCtrl+O', click: () => send('project.open') },
      { label: labels.saveAs, accelerator: 'CmdOrCtrl+Shift+S', click: () => send('project.save-as') },
      { type: 'separator' },
      { label: labels.exportPdf, accelerator: 'CmdOrCtrl+E', click: () => send('book.export-pdf') },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: labels.quit } as const]),
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: labels.edit,
    submenu: [
      { role: 'undo', label: labels.undo },
      { role: 'redo', label: labels.redo },
      { type: 'separator' },
      { role: 'cut', label: labels.cut },
      { role: 'copy', label: labels.copy },
      { role: 'paste', label: labels.paste },
      { role: 'selectAll', label: labels.selectAll },
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: labels.view,
    submenu: [
      { role: 'resetZoom', label: labels.resetZoom },
      { role: 'zoomIn', label: labels.zoomIn },
      { role: 'zoomOut', label: labels.zoomOut },
      { type: 'separator' },
      { role: 'togglefullscreen', label: labels.fullScreen },
      ...(dev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  }
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, edit, view, { role: 'windowMenu', label: labels.window }]
}
