import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { ContractError, throwIfCancelled } from '../../../../shared/errors'
import { join } from 'node:path'
import { createChromiumHome, type ChromiumHome } from './chromium-home'
import { printWithElectronBinary } from './electron-binary-printer'
import { locateChromium, type ChromiumBinary } from './locate-chromium'
import type { PdfPrinter } from './pdf-printer'

/** Flags for a headless print on a plain machine: no GPU, no network chatter, no first-run UI, no crash reporter. */
export const CHROMIUM_FLAGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-breakpad', '--disable-crash-reporter']

/** Launch options shared by both launches: headless, sandboxed unless root (where it cannot start), playwright's artifacts in the home. */
function launchOptions(binary: ChromiumBinary, home: ChromiumHome) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  return { executablePath: binary.path, headless: true, chromiumSandbox: !root, args: CHROMIUM_FLAGS, env: home.env, artifactsDir: join(home.dir, 'artifacts') }
}

/** Runs a launch in a fresh private home, removing the home when the launch fails. */
async function launchInHome<T>(binary: ChromiumBinary, launch: (home: ChromiumHome) => Promise<T>, tempFolder?: string): Promise<T> {
  const home = await createChromiumHome(tempFolder)
  try {
    return await launch(home)
  } catch (error) {
    await home.remove()
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ContractError('unsupported', `Chromium at ${binary.path} did not start: ${reason}`)
  }
}

/**
 * Launches headless Chromium to share between prints and pages (tests, benchmarks), in a private
 * home removed when the browser closes. playwright keeps the profile of such a browser in the temp
 * folder and removes it on close; a print of the studio uses {@link launchPrintContext} instead.
 */
export function launchChromium(binary: ChromiumBinary = locateChromium()): Promise<Browser> {
  return launchInHome(binary, async (home) => {
    const browser = await chromium.launch(launchOptions(binary, home))
    browser.once('disconnected', () => void home.remove())
    return browser
  })
}

/**
 * Launches headless Chromium for one print with everything it writes inside a private home: the
 * profile (a persistent context there, since playwright would otherwise make its own in the temp
 * folder, which a killed print leaves behind), playwright's artifacts, crash-report and config
 * folders. The home (made in `tempFolder`) is removed when the context closes, or by the next
 * launch if this one is killed.
 */
export function launchPrintContext(binary: ChromiumBinary = locateChromium(), tempFolder?: string): Promise<BrowserContext> {
  return launchInHome(
    binary,
    async (home) => {
      const context = await chromium.launchPersistentContext(join(home.dir, 'profile'), launchOptions(binary, home))
      context.once('close', () => void home.remove())
      return context
    },
    tempFolder,
  )
}

/** How long loading the document (its pictures decoded) may take. */
const PRINT_TIMEOUT_MS = 180_000

export interface ChromiumPrinterOptions {
  /** A browser to share (tests, the studio server); otherwise each print launches and closes its own. */
  browser?: Browser
}

/**
 * Prints through a local Chromium with playwright-core. Without a shared browser each print
 * launches one and closes it, so a command-line run never leaves a browser (or a profile) behind.
 */
export function createChromiumPrinter(options: ChromiumPrinterOptions = {}): PdfPrinter {
  return {
    async print(html, { signal } = {}) {
      const binary = options.browser ? undefined : locateChromium()
      if (binary?.kind === 'electron') return printWithElectronBinary(binary.path, html, signal)
      const context = options.browser ? await options.browser.newContext() : await launchPrintContext(binary)
      // Closing a print's own context closes its browser too.
      const onAbort = () => void context.close().catch(() => undefined)
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        signal?.throwIfAborted()
        const page = await context.newPage()
        // The document's CSP already forbids fetches; this makes sure nothing leaves the machine.
        await page.route(/^(?!data:)/, (route) => route.abort())
        // A book at print resolution carries megabytes of pictures: decoding them on a busy
        // machine can take longer than playwright's 30 s default.
        await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS })
        // Fonts are local, but their loading is asynchronous: print only once every face is ready.
        await page.evaluate('document.fonts.ready.then(() => true)')
        return new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true }))
      } catch (error) {
        throwIfCancelled(signal)
        throw error
      } finally {
        signal?.removeEventListener('abort', onAbort)
        await context.close().catch(() => undefined)
      }
    },
  }
}
