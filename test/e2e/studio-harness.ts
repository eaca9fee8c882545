import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../src/main/studio/book/pdf/chromium-printer'
import { build } from 'vite'
import electronViteConfig from '../../electron.vite.config'
import { startStudioServer, type StudioServer } from '../../src/main/server/studio-server'
import { createStudio, type Studio } from '../../src/main/studio/core/studio'
import { contentHash, ensureBuilt } from '../fixtures/content-cache'

const REPO_ROOT = join(import.meta.dirname, '../..')
/** Screenshots land here for a person to look at after a run. */
export const SCREENSHOT_DIR = join(REPO_ROOT, '.cache', 'e2e')

/**
 * Everything the renderer bundle is made from: its sources, the shared contract it imports, the
 * build settings, the tsconfigs Vite's TypeScript transform reads, and the locked versions of
 * Vite, Vue and the other packages bundled in. A change to any of them gives a new bundle.
 */
const RENDERER_INPUTS = [
  'src/renderer',
  'src/shared',
  'src/main/web/content-security-policy.ts',
  'electron.vite.config.ts',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.web.json',
  'package-lock.json',
]

/** The renderer, built once per version of its inputs into `.cache/e2e-renderer/<hash>/`. */
export async function builtRenderer(): Promise<string> {
  const key = await contentHash(REPO_ROOT, RENDERER_INPUTS)
  return ensureBuilt(join(REPO_ROOT, '.cache', 'e2e-renderer'), key, async (outDir) => {
    // The app's own renderer build settings (index.html with its CSP, Vue), into the cache.
    const { renderer } = electronViteConfig as { renderer: Parameters<typeof build>[0] & object }
    await build({ ...renderer, configFile: false, logLevel: 'warn', build: { ...renderer.build, outDir, emptyOutDir: true } })
  })
}

export interface StudioHarness {
  studio: Studio
  server: StudioServer
  browser: Browser
  page: Page
  close(): Promise<void>
}

/**
 * The studio as a person meets it in browser mode: a real studio core over a fresh data folder,
 * the studio server, and the built renderer in headless Chromium.
 */
export async function openStudioInBrowser(resourcesDir: string): Promise<StudioHarness> {
  const rendererDir = await builtRenderer()
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-e2e-'))
  const studio = createStudio({ dataDir, packs: { resourcesDir } })
  const server = await startStudioServer({ studio, rendererDir })
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  await page.goto(server.url)
  return {
    studio,
    server,
    browser,
    page,
    close: async () => {
      await browser.close()
      await server.close()
      await studio.close()
      if (consoleErrors.length > 0) throw new Error(`Console errors in the page: ${consoleErrors.join('\n')}`)
    },
  }
}
