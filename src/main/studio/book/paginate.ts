import type { Storybook } from '../../../shared/contract'
import { findParagraphs } from '../scenes/text/segment'
import { pageGeometry, textBoxes, type PageGeometry } from './page-geometry'
import { fillBox, type Box } from './text-fit'
import { bookTextMeasure, type TextMeasure } from './text-measure'

/** One sheet of the printed book, as the HTML draws it. */
export type PrintedPage =
  | { kind: 'cover'; title: string; author?: string; image?: string }
  /** Picture-above: the picture with the start of its text below. */
  | { kind: 'picture-above'; image: string; alt: string; paragraphs: string[] }
  /** Full-bleed: the picture covers the page; the start of its text sits in a band over it. */
  | { kind: 'full-bleed'; image: string; alt: string; paragraphs: string[] }
  /** The picture alone (the left page of a facing pair). */
  | { kind: 'picture'; image: string; alt: string }
  | { kind: 'text'; paragraphs: string[] }
  /** Keeps facing pictures on left-hand pages. */
  | { kind: 'blank' }

/**
 * Lays the book out into printed pages: the cover, then each page of the book as its template
 * draws it, with text that does not fit flowing onto text pages after it (never clipped).
 */
export function paginate(book: Storybook): PrintedPage[] {
  const geometry = pageGeometry(book.size)
  const boxes = textBoxes(geometry)
  const measure = bookTextMeasure(book.font)
  const printed: PrintedPage[] = [{ kind: 'cover', title: book.title, author: book.author, image: book.cover }]
  for (const page of book.pages) {
    let paragraphs = toParagraphs(page.text)
    const alt = page.alt ?? ''
    if (page.image && book.layout === 'facing-pages') {
      // Pictures go on left-hand (even) pages; the cover is page 1, on the right.
      if (printed.length % 2 === 0) printed.push({ kind: 'blank' })
      printed.push({ kind: 'picture', image: page.image, alt })
    } else if (page.image) {
      const box = emBox(book.layout === 'full-bleed' ? boxes.band : boxes.underPicture, geometry)
      const [first, rest] = takeFitting(paragraphs, box, measure)
      printed.push(book.layout === 'full-bleed' ? { kind: 'full-bleed', image: page.image, alt, paragraphs: first } : { kind: 'picture-above', image: page.image, alt, paragraphs: first })
      paragraphs = rest
    }
    const full = emBox(boxes.full, geometry)
    while (paragraphs.length > 0) {
      const [onPage, rest] = takeFitting(paragraphs, full, measure)
      // A whole page always holds a line; were it ever to hold none, one paragraph goes anyway.
      printed.push({ kind: 'text', paragraphs: onPage.length > 0 ? onPage : paragraphs.slice(0, 1) })
      paragraphs = onPage.length > 0 ? rest : paragraphs.slice(1)
    }
  }
  return printed
}

/**
 * A page's text as the HTML will show it: paragraphs at blank lines, other whitespace collapsed
 * to one space (none between two Chinese or Japanese characters, where a line was only wrapped).
 */
export function toParagraphs(text: string): string[] {
  // Each range is already trimmed and holds something, so no paragraph comes out empty.
  return findParagraphs(text).map(({ start, end }) =>
    text
      .slice(start, end)
      .replace(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef])/gu, '$1')
      .replace(/\s+/g, ' '),
  )
}

/** The paragraphs that fit in a box (the last one possibly cut), and what is left. */
function takeFitting(paragraphs: string[], box: Box, measure: TextMeasure): [string[], string[]] {
  const { whole, partial } = fillBox(paragraphs, box, measure)
  // Not one line fits (a picture page of a tiny book): the text starts on the next page.
  if (whole === 0 && !partial) return [[], paragraphs]
  const fits = paragraphs.slice(0, whole)
  const rest = paragraphs.slice(whole)
  if (partial) {
    fits.push(partial.fits)
    rest[0] = partial.rest
  }
  return [fits, rest.filter((paragraph) => paragraph.length > 0)]
}

function emBox(box: { width: number; height: number }, geometry: PageGeometry): Box {
  return {
    width: box.width / geometry.fontSize,
    height: box.height / geometry.fontSize,
    lineHeight: geometry.lineHeight,
    paragraphGap: geometry.paragraphGap,
  }
}
