/**
 * Turns one HTML document into a PDF. The document's own CSS decides the page size (@page), so
 * every implementation prints with "prefer CSS page size" and backgrounds on. Two implementations:
 * Electron's webContents.printToPDF in the app (src/main/shell/print-to-pdf.ts) and a local
 * Chromium driven by playwright-core for the command line and the studio server.
 */
export interface PdfPrinter {
  print(html: string, options?: { signal?: AbortSignal }): Promise<Uint8Array>
}
