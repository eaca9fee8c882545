import { basename, join } from 'node:path'
import type { BookExportProgress, PrintDpi, Storybook } from '../../../../shared/contract'
import { ContractError } from '../../../../shared/errors'
import { exportBookPdf } from '../../book/export-pdf'
import { checkOutputFile } from '../../storage/output-file'
import { createChromiumPrinter } from '../../book/pdf/chromium-printer'
import type { PdfPrinter } from '../../book/pdf/pdf-printer'
import { preparePrintPictures, type PictureUpscaler } from '../../book/print-pictures'
import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

/** PDF exports run one at a time, beside (not behind) model runs: printing needs no model. */
export const BOOK_LANE = 'book'

/**
 * The storybook: `book.layout` answers with the HTML document at once (laid out in the studio
 * worker thread); `book.export` is a job that prints that same document to a PDF, at a print
 * resolution when asked (pictures are then prepared first, upscaled by the active upscaler). The
 * app passes Electron's printer; elsewhere a local Chromium prints (launched per export, so
 * nothing stays running).
 */
export function createBookHandlers(deps: StudioDeps, printer: PdfPrinter = createChromiumPrinter()): Pick<Handlers, 'book.layout' | 'book.export'> {
  const { jobs, writableFolders, offThread } = deps
  return {
    'book.layout': (input) => offThread.run('book.layout', input),
    'book.export': async ({ book, out, force, dpi }) => {
      // Refused at once, before the job: a bad destination never costs pictures, a layout and a print.
      await checkOutputFile(out, 'application/pdf', { force, writableFolders, chosenFiles: deps.chosenFiles?.() })
      const print = await bookPrinter(deps, printer, dpi)
      return jobs.start('book.export', { kind: 'book', title: `PDF ${basename(out)}`, lane: BOOK_LANE, run: (context) => print(book, out, context) })
    },
  }
}

/**
 * What prints a storybook to a PDF at `dpi` (pictures prepared first, upscaled by the active
 * upscaler, looked up now so a missing pack fails before any job), or as drawn without one.
 */
export async function bookPrinter(deps: StudioDeps, printer: PdfPrinter, dpi: PrintDpi | undefined) {
  const upscaler = dpi === undefined ? null : await activeUpscaler(deps)
  return async (book: Storybook, out: string, { signal, progress }: { signal: AbortSignal; progress: (update: BookExportProgress) => void }) => {
    const printable =
      dpi === undefined
        ? book
        : await preparePrintPictures(book, dpi, {
            upscaler,
            cacheDir: join(deps.dataDir, 'cache', 'print-pictures'),
            signal,
            onPicture: (step, total) => progress({ stage: 'pictures', step, total }),
          })
    return exportBookPdf(printable, out, printer, { signal, progress, layout: (whole) => deps.offThread.run('book.layout', { book: whole }) })
  }
}

/** The active upscaler as the print step uses it, or null when no upscaler pack is installed. */
async function activeUpscaler({ packs, engine }: StudioDeps): Promise<PictureUpscaler | null> {
  const pack = await packs.resolve('upscaler').catch((error: unknown) => {
    if (error instanceof ContractError && error.code === 'not-found') return null
    throw error
  })
  if (!pack) return null
  return {
    id: pack.id,
    upscale: async (png, signal) => {
      const result = await engine.run('image.upscale', { dir: pack.dir, packId: pack.id, packFiles: pack.files, pngBase64: png.toString('base64') }, { signal })
      return Buffer.from(result.pngBase64, 'base64')
    },
  }
}
