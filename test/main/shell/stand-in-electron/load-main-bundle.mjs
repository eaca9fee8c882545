/**
 * Loads the built main bundle (argv[2]) under the stand-in `electron`, lets it start, makes two
 * contract calls through the IPC handlers it registered (as the window would), and prints what
 * it asked of Electron as JSON.
 */
import { register } from 'node:module'
import { pathToFileURL } from 'node:url'

register('./hooks.mjs', import.meta.url)
const { standIn, app } = await import('electron')
await import(pathToFileURL(process.argv[2]).href)
await standIn.loaded

const fromWindow = { senderFrame: { url: 'app://studio/index.html', parent: null } }
const call = (name, input) => standIn.ipcHandlers.get(name)(fromWindow, input)
const packs = await call('packs.list', {})
const tokens = await call('text.tokenize', { text: 'Once upon a time' })
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
  menu: standIn.menuTemplate.map((item) => item.label ?? item.role),
  forks: standIn.forks,
  packs,
  tokens,
  page: { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text() },
}
process.stdout.write(JSON.stringify(report))
app.quit()
setTimeout(() => process.exit(0), 2_000).unref()
