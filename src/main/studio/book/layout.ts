import type { BookLayoutResult, Storybook } from '../../../shared/contract'
import { pageGeometry } from './page-geometry'
import { paginate, type PrintedPage } from './paginate'
import { renderBookHtml } from './render-html'

export interface BookLayout extends BookLayoutResult {
  /** The printed pages in order, as the HTML draws them (cover first). */
  printed: PrintedPage[]
}

/**
 * Lays a storybook out once: the HTML document that the preview shows and the PDF prints, and
 * how many pages it has. Pure and quick; no browser is needed to know where pages break.
 */
export function layoutBook(book: Storybook): BookLayout {
  const printed = paginate(book)
  return { html: renderBookHtml(book, printed, pageGeometry(book.size)), pages: printed.length, printed }
}
