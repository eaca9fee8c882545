import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../../src/preload/api'
import { applicationMenuTemplate } from '../../../src/main/shell/app-menu'

type Item = ReturnType<typeof applicationMenuTemplate>[number]
const items = (template: Item[]): Item[] => template.flatMap((item) => [item, ...items((item.submenu as Item[] | undefined) ?? [])])

describe('application menu', () => {
  it('has File items with the usual accelerators, each sending its command to the page', () => {
    const sent: MenuCommand[] = []
    const template = applicationMenuTemplate((command) => sent.push(command), { platform: 'linux', dev: false })
    const file = (template[0].submenu as Item[]).filter((item) => item.label)
    expect(file.map((item) => [item.label, item.accelerator])).toEqual([
      ['New Project', 'CmdOrCtrl+N'],
      ['Open Project…', 'CmdOrCtrl+O'],
      ['Save As…', 'CmdOrCtrl+Shift+S'],
      ['Export PDF…', 'CmdOrCtrl+E'],
    ])
    for (const item of file) (item.click as () => void)()
    expect(sent).toEqual(['project.new', 'project.open', 'project.save-as', 'book.export-pdf'])
  })

  it('uses the built-in roles for undo, redo, zoom and quit, and keeps developer tools out of releases', () => {
    const roles = (dev: boolean, platform: NodeJS.Platform) =>
      items(applicationMenuTemplate(() => {}, { platform, dev })).map((item) => item.role).filter(Boolean)
    expect(roles(false, 'linux')).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'quit']),
    )
    expect(roles(false, 'linux')).not.toContain('toggleDevTools')
    expect(roles(true, 'linux')).toContain('toggleDevTools')
  })

  it('on macOS puts the app menu first and Quit there', () => {
    const template = applicationMenuTemplate(() => {}, { platform: 'darwin', dev: false })
    expect(template[0].role).toBe('appMenu')
    expect(items(template.slice(1)).map((item) => item.role)).not.toContain('quit')
  })
})
