import { execFileSync } from 'node:child_process'

/** One picture embedded in a PDF, as poppler's `pdfimages -list` reports it. */
export interface EmbeddedImage {
  page: number
  width: number
  height: number
  /** Pixels per inch at the size the page shows it. */
  xPpi: number
  yPpi: number
}

/** The pictures a PDF embeds (soft masks left out), read with `pdfimages -list`. */
export function embeddedImages(pdf: string): EmbeddedImage[] {
  const lines = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2)
  return lines
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns[2] === 'image')
    .map((columns) => ({ page: Number(columns[0]), width: Number(columns[3]), height: Number(columns[4]), xPpi: Number(columns[12]), yPpi: Number(columns[13]) }))
}
