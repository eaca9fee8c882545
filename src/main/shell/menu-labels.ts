/**
 * The application menu's words in each language the UI speaks. Items with a built-in role get
 * a label too: Electron names roles in English on Linux and Windows whatever the UI's language.
 * `&` marks the access key (Alt+letter) on Linux and Windows.
 */
export interface MenuLabels {
  file: string
  edit: string
  view: string
  window: string
  newProject: string
  openProject: string
  saveAs: string
  exportPdf: string
  quit: string
  undo: string
  redo: string
  cut: string
  copy: string
  paste: string
  selectAll: string
  resetZoom: string
  zoomIn: string
  zoomOut: string
  fullScreen: string
}

const en: MenuLabels = {
  file: '&File',
  edit: '&Edit',
  view: '&View',
  window: '&Window',
  newProject: 'New Project',
  openProject: 'Open Project…',
  saveAs: 'Save As…',
  exportPdf: 'Export PDF…',
  quit: 'Quit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
}

const zhCN: MenuLabels = {
  file: '文件(&F)',
  edit: '编辑(&E)',
  view: '视图(&V)',
  window: '窗口(&W)',
  newProject: '新建项目',
  openProject: '打开项目…',
  saveAs: '另存为…',
  exportPdf: '导出 PDF…',
  quit: '退出',
  undo: '撤销',
  redo: '重做',
  cut: '剪切',
  copy: '复制',
  paste: '粘贴',
  selectAll: '全选',
  resetZoom: '实际大小',
  zoomIn: '放大',
  zoomOut: '缩小',
  fullScreen: '切换全屏',
}

/** Menu words by UI locale (the renderer's locale names). */
export const menuLabels = { en, 'zh-CN': zhCN } as const satisfies Record<string, MenuLabels>

/** The menu words for a locale (the page's, or the system's such as zh-TW); anything else reads English. */
export function menuLabelsFor(locale: unknown): MenuLabels {
  return typeof locale === 'string' && /^zh\b/i.test(locale) ? zhCN : en
}
