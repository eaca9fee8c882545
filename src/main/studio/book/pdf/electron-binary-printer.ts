import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { ContractError, throwIfCancelled } from '../../../../shared/errors'

/**
 * Prints with Electron's own binary when it is the Chromium at hand. playwright-core starts the
 * binary bare (its default app), and drives its main process from here: a hidden, sandboxed
 * window without JavaScript loads the document and printToPDF prints it, the same call the
 * desktop app makes. Nothing here imports Electron; the binary hands its API to the callback.
 */
export async function printWithElectronBinary(executablePath: string, html: string, signal?: AbortSignal): Promise<Uint8Array> {
  const folder = await mkdtemp(join(tmpdir(), 'taleweaver-print-'))
  const documentPath = join(folder, 'book.html')
  let application: Awaited<ReturnType<typeof electron.launch>> | undefined
  const onAbort = () => void application?.close().catch(() => undefined)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    await writeFile(documentPath, html)
    application = await electron.launch({ executablePath, args: ['--disable-gpu'] })
    signal?.throwIfAborted()
    const base64 = await application.evaluate(async ({ BrowserWindow }, file) => {
      for (const open of BrowserWindow.getAllWindows()) open.hide()
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
    throwIfCancelled(signal)
    throw new ContractError('unsupported', `Electron at ${executablePath} could not print: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await application?.close().catch(() => undefined)
    await rm(folder, { recursive: true, force: true })
  }
}
