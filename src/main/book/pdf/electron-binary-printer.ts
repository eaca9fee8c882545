import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { ContractError } from '../../../shared/errors'

/** The smallest Electron app: ready, no window until the print asks for one, never quits by itself. */
const PRINT_APP = `const { app } = require('electron')
app.disableHardwareAcceleration()
app.on('window-all-closed', () => {})
`

/**
 * Prints with Electron's own binary when it is the Chromium at hand: playwright-core starts a
 * tiny Electron app, which loads the document in a hidden window and calls printToPDF, the same
 * call the desktop app makes.
 */
export async function printWithElectronBinary(executablePath: string, html: string, signal?: AbortSignal): Promise<Uint8Array> {
  const folder = await mkdtemp(join(tmpdir(), 'taleweaver-print-'))
  const app = join(folder, 'main.cjs')
  const documentPath = join(folder, 'book.html')
  await writeFile(app, PRINT_APP)
  await writeFile(documentPath, html)
  const application = await electron.launch({ executablePath, args: [app] })
  const onAbort = () => void application.close().catch(() => undefined)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const base64 = await application.evaluate(async ({ BrowserWindow }, file) => {
      const window = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } })
      try {
        await window.loadFile(file)
        const pdf = await window.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true })
        return pdf.toString('base64')
      } finally {
        window.destroy()
      }
    }, documentPath)
    return new Uint8Array(Buffer.from(base64, 'base64'))
  } catch (error) {
    if (signal?.aborted) throw new ContractError('cancelled', 'Cancelled.')
    throw error
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await application.close().catch(() => undefined)
    await rm(folder, { recursive: true, force: true })
  }
}
