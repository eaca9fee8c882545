import { basename } from 'node:path'
import { exportBookPdf } from '../../book/export-pdf'
import { checkOutputFile } from '../../storage/output-file'
import { createChromiumPrinter } from '../../book/pdf/chromium-printer'
import type { PdfPrinter } from '../../book/pdf/pdf-printer'
import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

/** PDF exports run one at a time, beside (not behind) model runs: printing needs no model. */
export const BOOK_LANE = 'book'

/**
 * The storybook: `book.layout` answers with the HTML document at once (laid out in the studio
 * worker thread); `book.export` is a job
 * that prints that same document to a PDF. The app passes Electron's printer; elsewhere a local
 * Chromium prints (launched per export, so nothing stays running).
 */
export function createBookHandlers({ jobs, writableFolders, offThread }: StudioDeps, printer: PdfPrinter = createChromiumPrinter()): Pick<Handlers, 'book.layout' | 'book.export'> {
  return {
    'book.layout': (input) => offThread.run('book.layout', input),
    'book.export': async ({ book, out, force }) => {
      // Refused at once, before the job: a bad destination never costs a layout and a print.
      await checkOutputFile(out, 'application/pdf', { force, writableFolders })
      return jobs.start('book.export', {
        kind: 'book',
        title: `PDF ${basename(out)}`,
        lane: BOOK_LANE,
        run: ({ signal, progress }) => exportBookPdf(book, out, printer, { signal, progress, layout: (whole) => offThread.run('book.layout', { book: whole }) }),
      })
    },
  }
}
