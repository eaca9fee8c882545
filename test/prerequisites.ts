import { execFileSync } from 'node:child_process'
import { locateChromium } from '../src/main/studio/book/pdf/locate-chromium'

/**
 * Whether a test's prerequisite (the shared data beside the repository, Chromium, poppler, the
 * bundled packs) is present. A developer without one sees the tests skip; under CI=true a
 * missing prerequisite fails the run instead, so CI can never pass by skipping.
 */
export function prerequisite(what: string, present: boolean): boolean {
  if (!present && process.env.CI === 'true') throw new Error(`A test prerequisite is missing under CI: ${what}.`)
  return present
}

/** Chromium (to print) and poppler-utils (to read the PDF back) are installed. */
export function canPrintPdf(): boolean {
  try {
    locateChromium()
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
