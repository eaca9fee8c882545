import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { callNames } from '../../../src/shared/contract'
import { MENU_CHANNEL, MENU_LANGUAGE_CHANNEL, SAVE_PDF_CHANNEL } from '../../../src/preload/api'

const REPO_ROOT = join(import.meta.dirname, '../../..')
let report: any

/**
 * The Electron binary cannot run here, so the built main bundle is loaded in plain Node with a
 * stand-in `electron` module (test/main/shell/stand-in-electron). Everything else is real: the
 * studio core, the IPC router, the app:// handler, and the inference process it forks.
 */
describe('the built main bundle (stand-in electron)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO_ROOT, stdio: 'ignore' })
    const output = execFileSync(
      process.execPath,
      [join(import.meta.dirname, 'stand-in-electron/load-main-bundle.mjs'), join(REPO_ROOT, 'out/main/index.js')],
      { cwd: REPO_ROOT, env: { ...process.env, STAND_IN_USER_DATA: mkdtempSync(join(tmpdir(), 'tw-shell-')) }, encoding: 'utf8', timeout: 90_000 },
    )
    report = JSON.parse(output)
  }, 300_000)

  it('creates one secure window on the app:// page, once per machine', () => {
    expect(report.singleInstanceLockRequested).toBe(true)
    expect(report.windows).toBe(1)
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(report.url).toBe('app://studio/index.html')
  })

  it('registers a handler for every contract call, plus the save dialog and the menu language', () => {
    expect([...report.ipcChannels].sort()).toEqual([...callNames, SAVE_PDF_CHANNEL, MENU_LANGUAGE_CHANNEL].sort())
    expect(report.ipcChannels).not.toContain(MENU_CHANNEL)
  })

  it('registers the app:// protocol, privileged, serving the renderer with its CSP', () => {
    expect(report.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    expect(report.protocolSchemes).toEqual(['app'])
    expect(report.page.status).toBe(200)
    expect(report.page.body).toContain('<div id="app">')
    expect(report.page.csp).toContain("default-src 'self'")
  })

  it('builds the application menu in the system language, and again in the language the page names', () => {
    expect(report.menu).toEqual(['&File', '&Edit', '&View', '&Window'])
    expect(report.chineseMenu.map((menu: { label: string }) => menu.label)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '窗口(&W)'])
    expect(report.chineseMenu[0].items).toEqual(['新建项目', '打开项目…', '另存为…', '导出 PDF…', '退出'])
  })

  it('writes outside the data folder only to the file chosen in the save dialog', () => {
    const { unchosen, chosenPath, chosen, beside } = report.writes
    expect(unchosen).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('outside the folders') } })
    expect(chosenPath).toMatch(/fox\.pdf$/)
    // Accepted: the export job starts (it then prints through the stand-in, which cannot print).
    expect(chosen).toMatchObject({ ok: true, value: { jobId: expect.any(String) } })
    expect(beside).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('starts the inference process and answers calls through it', () => {
    expect(report.forks).toEqual([join(REPO_ROOT, 'out/main/engine-process.js')])
    expect(report.packs.ok).toBe(true)
    expect(report.packs.value.map((pack: { id: string }) => pack.id).sort()).toEqual(['starter-pictures', 'starter-story', 'starter-upscaler'])
    expect(report.tokens).toMatchObject({ ok: true, value: { count: expect.any(Number) } })
    expect(report.tokens.value.count).toBeGreaterThan(0)
  })
})
