import { describe, expect, it } from 'vitest'
import { mainWindowOptions } from '../../../src/main/shell/window-options'

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the page and gives it no Node', () => {
    const { webPreferences } = mainWindowOptions('/app/preload/index.cjs')
    expect(webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })
})
