import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The shared public-domain corpus beside the repository (absent in a fresh clone: tests skip). */
export const corpusDir = join(import.meta.dirname, '../../../../../shared/data/corpus')
export const hasCorpus = existsSync(join(corpusDir, 'grimm-hunt-pg5314.txt'))

/**
 * Individual tales from Grimm's Household Tales (Hunt's translation): each starts after three
 * blank lines with its number and title ("12 Rapunzel").
 */
export function grimmTales(titles: readonly string[]): { title: string; text: string }[] {
  const book = readFileSync(join(corpusDir, 'grimm-hunt-pg5314.txt'), 'utf8').replace(/\r\n/g, '\n')
  const body = book.slice(0, book.indexOf('*** END OF THE PROJECT GUTENBERG'))
  const parts = body.split(/\n\n\n\n\d+ ([^\n]+)\n\n/)
  const tales = new Map<string, string>()
  for (let index = 1; index < parts.length; index += 2) tales.set(parts[index].trim(), parts[index + 1].trim())
  return titles.map((title) => {
    const text = tales.get(title)
    if (text === undefined) throw new Error(`No tale "${title}" in the corpus`)
    return { title, text }
  })
}

/** The start of the Grimm collection as one long text (about a megabyte). */
export function grimmBook(chars: number): string {
  return readFileSync(join(corpusDir, 'grimm-hunt-pg5314.txt'), 'utf8').slice(0, chars)
}
