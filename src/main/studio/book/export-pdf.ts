import type { BookExportProgress, BookExportResult, Storybook } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { writeFileAtomic } from '../storage/atomic-file'
import { layoutBook } from './layout'
import type { PdfPrinter } from './pdf/pdf-printer'

export interface ExportOptions {
  signal?: AbortSignal
  progress?: (update: BookExportProgress) => void
  /** How to lay the book out; default here and now (the studio passes its worker thread). */
  layout?: (book: Storybook) => Promise<{ html: string; pages: number }>
}

/**
 * Lays the book out, prints the document to PDF and writes it atomically to `out` (an existing
 * file is replaced only once the new one is complete). Callers check `out` first
 * (checkOutputFile), before any work. Returns the path and the page count.
 */
export async function exportBookPdf(book: Storybook, out: string, printer: PdfPrinter, options: ExportOptions = {}): Promise<BookExportResult> {
  const { html, pages } = options.layout ? await options.layout(book) : layoutBook(book)
  options.progress?.({ stage: 'layout', step: 1, total: 3, detail: { pages } })
  options.signal?.throwIfAborted()
  const pdf = await printer.print(html, { signal: options.signal })
  options.progress?.({ stage: 'print', step: 2, total: 3, detail: { bytes: pdf.byteLength } })
  options.signal?.throwIfAborted()
  const printed = countPdfPages(pdf)
  if (printed !== undefined && printed !== pages) {
    // The layout decides every page break; a different count means text overflowed a page.
    throw new ContractError('internal', `The PDF has ${printed} pages where the layout made ${pages}.`)
  }
  await writeFileAtomic(out, pdf)
  options.progress?.({ stage: 'write', step: 3, total: 3 })
  return { out, pages }
}

/** Page objects in a PDF ("/Type /Page", not "/Pages"), or undefined when they sit in compressed object streams. */
export function countPdfPages(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1')
  const count = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  return count > 0 ? count : undefined
}
