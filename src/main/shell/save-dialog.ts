import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron'
import { basename, join, resolve } from 'node:path'

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

/**
 * The files a person chose in the save dialog: the app writes only into its data folder and
 * these, each the place of the export it was chosen for. The most recent `limit` are kept, so a
 * long session does not keep every place it ever wrote to open.
 */
export class ChosenFiles {
  private readonly paths: string[] = []

  constructor(private readonly limit = 8) {}

  /** Records a chosen file (normalised), as the most recent. */
  add(path: string): void {
    const normalised = resolve(path)
    const known = this.paths.indexOf(normalised)
    if (known !== -1) this.paths.splice(known, 1)
    this.paths.push(normalised)
    if (this.paths.length > this.limit) this.paths.splice(0, this.paths.length - this.limit)
  }

  /** The chosen files, oldest first. */
  list(): readonly string[] {
    return [...this.paths]
  }
}
