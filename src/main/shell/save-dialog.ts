import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron'
import { basename, join } from 'node:path'

/** The save dialog of a PDF export: the suggested file in the documents folder, PDFs only. */
export function pdfSaveDialogOptions(suggestedName: string, documentsDir: string): SaveDialogOptions {
  // Only a file name is taken from the page: never a path that points elsewhere.
  const name = basename(suggestedName.replace(/\\/g, '/')).replace(/\.pdf$/i, '') || 'storybook'
  return {
    title: 'Export PDF',
    defaultPath: join(documentsDir, `${name}.pdf`),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }
}

/** The chosen path, ending in .pdf; null when the person cancelled. */
export function chosenPdfPath(result: SaveDialogReturnValue): string | null {
  if (result.canceled || !result.filePath) return null
  return /\.pdf$/i.test(result.filePath) ? result.filePath : `${result.filePath}.pdf`
}
