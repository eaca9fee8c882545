import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../../src/preload/api'
import { applicationMenuTemplate } from '../../../src/main/shell/app-menu'
import { menuLabels, menuLabelsFor } from '../../../src/main/shell/menu-labels'

type Item = ReturnType<typeof applicationMenuTemplate>[number]
const items = (template: Item[]): Item[] => template.flatMap((item) => [item, ...items((item.submenu as Item[] | undefined) ?? [])])

describe('application menu', () => {
  it('has File items with the usual accelerators, each sending its command to the page', () => {
    const sent: MenuCommand[] = []
    const template = applicationMenuTemplate((command) => sent.push(command), { platform: 'linux', dev: false })
    const file = (template[0].submenu as Item[]).filter((item) => item.label && !item.role)
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

  it('speaks the UI language: every item of the Chinese menu has a Chinese label, accelerators unchanged', () => {
    const chinese = applicationMenuTemplate(() => {}, { platform: 'linux', dev: false, labels: menuLabelsFor('zh-CN') })
    const labelled = items(chinese).filter((item) => item.type !== 'separator')
    expect(labelled.every((item) => typeof item.label === 'string' && /[\u4e00-\u9fff]/.test(item.label))).toBe(true)
    expect((chinese[0].submenu as Item[]).map((item) => item.accelerator).filter(Boolean)).toEqual(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+Shift+S', 'CmdOrCtrl+E'])
  })

  it('reads any Chinese system locale as zh-CN and anything else as English', () => {
    expect(menuLabelsFor('zh-TW')).toBe(menuLabels['zh-CN'])
    expect(menuLabelsFor('en-US')).toBe(menuLabels.en)
    expect(menuLabelsFor('fr')).toBe(menuLabels.en)
    expect(menuLabelsFor(42)).toBe(menuLabels.en)
  })
})
