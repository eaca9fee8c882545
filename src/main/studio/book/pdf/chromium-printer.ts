import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { ContractError, throwIfCancelled } from '../../../../shared/errors'
import { createChromiumHome } from './chromium-home'
import { printWithElectronBinary } from './electron-binary-printer'
import { locateChromium, type ChromiumBinary } from './locate-chromium'
import type { PdfPrinter } from './pdf-printer'

/** Flags for a headless print on a plain machine: no GPU, no network chatter, no first-run UI, no crash reporter. */
export const CHROMIUM_FLAGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-breakpad', '--disable-crash-reporter']

/**
 * Launches headless Chromium in a private home (removed when the browser closes, or by the next
 * launch if this one is killed); the sandbox is turned off only when running as root, where it
 * cannot start.
 */
export async function launchChromium(binary: ChromiumBinary = locateChromium()): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const home = await createChromiumHome()
  try {
    const browser = await chromium.launch({ executablePath: binary.path, headless: true, chromiumSandbox: !root, args: CHROMIUM_FLAGS, env: home.env })
    browser.once('disconnected', () => void home.remove())
    return browser
  } catch (error) {
    await home.remove()
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ContractError('unsupported', `Chromium at ${binary.path} did not start: ${reason}`)
  }
}

/** How long loading the document (its pictures decoded) may take. */
const PRINT_TIMEOUT_MS = 180_000

export interface ChromiumPrinterOptions {
  /** A browser to share (tests, the studio server); otherwise each print launches and closes its own. */
  browser?: Browser
}

/**
 * Prints through a local Chromium with playwright-core. Without a shared browser each print
 * launches one and closes it, so a command-line run never leaves a browser behind.
 */
export function createChromiumPrinter(options: ChromiumPrinterOptions = {}): PdfPrinter {
  return {
    async print(html, { signal } = {}) {
      const binary = options.browser ? undefined : locateChromium()
      if (binary?.kind === 'electron') return printWithElectronBinary(binary.path, html, signal)
      const browser = options.browser ?? (await launchChromium(binary))
      let context: BrowserContext | undefined
      const onAbort = () => void (options.browser ? context?.close() : browser.close())?.catch(() => undefined)
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        context = await browser.newContext()
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
        await context?.close().catch(() => undefined)
        if (!options.browser) await browser.close().catch(() => undefined)
      }
    },
  }
}
