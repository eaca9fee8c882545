import { describe, expect, it } from 'vitest'
import { ContractError } from '../../../../src/shared/errors'
import { locateChromium } from '../../../../src/main/studio/book/pdf/locate-chromium'

const noElectron = () => undefined

describe('locateChromium', () => {
  it('takes TALEWEAVER_CHROMIUM first, and says so when it points nowhere', () => {
    const found = locateChromium({ env: { TALEWEAVER_CHROMIUM: '/opt/chrome/chrome' }, platform: 'linux', exists: () => true, electronBinary: () => '/e/electron' })
    expect(found).toEqual({ path: '/opt/chrome/chrome', kind: 'chromium' })
    expect(() => locateChromium({ env: { TALEWEAVER_CHROMIUM: '/missing' }, platform: 'linux', exists: () => false, electronBinary: noElectron })).toThrow(/TALEWEAVER_CHROMIUM points to \/missing/)
  })

  it("prefers Electron's own binary when installed and it can show windows", () => {
    const exists = (path: string) => path === '/e/electron' || path === '/usr/bin/chromium'
    expect(locateChromium({ env: { DISPLAY: ':0' }, platform: 'linux', exists, electronBinary: () => '/e/electron' })).toEqual({ path: '/e/electron', kind: 'electron' })
    // A Linux machine without a display cannot run Electron: the system Chromium prints headless.
    expect(locateChromium({ env: {}, platform: 'linux', exists, electronBinary: () => '/e/electron' })).toEqual({ path: '/usr/bin/chromium', kind: 'chromium' })
  })

  it('falls back to the usual install paths of each platform', () => {
    expect(locateChromium({ env: {}, platform: 'linux', exists: (path) => path === '/usr/bin/google-chrome', electronBinary: noElectron }).path).toBe('/usr/bin/google-chrome')
    expect(locateChromium({ env: {}, platform: 'darwin', exists: (path) => path.includes('Google Chrome.app'), electronBinary: noElectron }).path).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')
    const windows = locateChromium({ env: { PROGRAMFILES: 'C:\\Program Files' }, platform: 'win32', exists: (path) => path.endsWith('chrome.exe') && path.includes('Google'), electronBinary: noElectron })
    expect(windows.path).toMatch(/Google.Chrome.Application.chrome\.exe$/)
  })

  it('explains what to do when no browser is found', () => {
    let error: unknown
    try {
      locateChromium({ env: {}, platform: 'linux', exists: () => false, electronBinary: noElectron })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ContractError)
    expect((error as ContractError).code).toBe('unsupported')
    expect((error as ContractError).message).toMatch(/install one .*TALEWEAVER_CHROMIUM/)
  })
})
