/**
 * The app's PDF printer: Chromium inside Electron, through webContents.printToPDF. The book is
 * written to a temporary file and loaded in a hidden, sandboxed window without JavaScript (a data:
 * URL would hit Chromium's URL length limit once pictures are inlined); the document's own CSS
 * sets the page size.
 */
import { BrowserWindow } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { throwIfCancelled } from '../../shared/errors'
import type { PdfPrinter } from '../studio/book/pdf/pdf-printer'

export function createElectronPdfPrinter(): PdfPrinter {
  return {
    async print(html, { signal } = {}) {
      const folder = await mkdtemp(join(tmpdir(), 'taleweaver-book-'))
      const file = join(folder, 'book.html')
      const window = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } })
      const onAbort = () => window.destroy()
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        await writeFile(file, html)
        await window.loadFile(file)
        return new Uint8Array(await window.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true }))
      } catch (error) {
        throwIfCancelled(signal)
        throw error
      } finally {
        signal?.removeEventListener('abort', onAbort)
        if (!window.isDestroyed()) window.destroy()
        await rm(folder, { recursive: true, force: true })
      }
    },
  }
}
