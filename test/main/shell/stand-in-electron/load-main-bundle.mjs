/**
 * Loads the built main bundle (argv[2]) under the stand-in `electron`, lets it start, makes two
 * contract calls through the IPC handlers it registered (as the window would), and prints what
 * it asked of Electron as JSON.
 */
import { mkdtempSync } from 'node:fs'
import { register } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

register('./hooks.mjs', import.meta.url)
const { standIn, app } = await import('electron')
await import(pathToFileURL(process.argv[2]).href)
await standIn.loaded

const fromWindow = { senderFrame: { url: 'app://studio/index.html', parent: null } }
const call = (name, input) => standIn.ipcHandlers.get(name)(fromWindow, input)
const packs = await call('packs.list', {})
const tokens = await call('text.tokenize', { text: 'Once upon a time' })
const menuBefore = standIn.menuTemplate
await standIn.ipcHandlers.get('menu:language')(fromWindow, 'zh-CN')
const chineseMenu = standIn.menuTemplate
const page = await standIn.protocolHandlers.get('app')(new Request('app://studio/index.html'))

const [window] = standIn.windows
const report = {
  singleInstanceLockRequested: standIn.singleInstanceLockRequested,
  privilegedSchemes: standIn.privilegedSchemes,
  protocolSchemes: [...standIn.protocolHandlers.keys()],
  ipcChannels: [...standIn.ipcHandlers.keys()],
  windows: standIn.windows.length,
  webPreferences: window.options.webPreferences,
  url: window.url,
  menu: menuBefore.map((item) => item.label ?? item.role),
  chineseMenu: chineseMenu.map((item) => ({ label: item.label ?? item.role, items: (item.submenu ?? []).map((sub) => sub.label).filter(Boolean) })),
  forks: standIn.forks,
  packs,
  tokens,
  page: { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text() },
}

// Writes: outside the data folder only to a file chosen in the save dialog.
const { value: project } = await call('projects.create', { title: 'Fox', story: 'Once upon a time.' })
const elsewhere = join(mkdtempSync(join(tmpdir(), 'tw-chosen-')), 'fox')
const unchosen = await call('projects.export', { id: project.id, out: `${elsewhere}.pdf` })
standIn.saveDialogAnswer = { canceled: false, filePath: elsewhere }
const chosenPath = await standIn.ipcHandlers.get('dialog:save-pdf')(fromWindow, 'Fox')
const chosen = await call('projects.export', { id: project.id, out: chosenPath })
const beside = await call('projects.export', { id: project.id, out: join(elsewhere, '..', 'other.pdf') })
report.writes = { unchosen, chosenPath, chosen, beside }

process.stdout.write(JSON.stringify(report))
app.quit()
setTimeout(() => process.exit(0), 2_000).unref()
