import { createHash } from 'node:crypto'
import type { Storybook } from '../../../shared/contract'
import { fontFaceRules, fontStack, guessLanguage } from './fonts'
import { round, type PageGeometry } from './page-geometry'
import type { PrintedPage } from './paginate'

/** Titles longer than this are set smaller on the cover, so they never push the picture off it. */
const LONG_TITLE_CHARS = 60

/**
 * The storybook as one self-contained HTML document. The same document is the in-app preview
 * (pages drawn as sheets on a desk) and the PDF (print rules: page size, one sheet per page).
 * Every text is escaped; pictures are data: or app: URLs only (checked by the contract); the
 * bundled fonts are embedded; a Content-Security-Policy allows nothing else: no scripts, no
 * fetches, only this style sheet.
 */
export function renderBookHtml(book: Storybook, pages: readonly PrintedPage[], geometry: PageGeometry): string {
  const language = book.language ?? guessLanguage(`${book.title} ${book.pages.map((page) => page.text).join(' ')}`)
  const css = fontFaceRules(book.font) + styleSheet(geometry, fontStack(book.font, language))
  const policy = [
    "default-src 'none'",
    'img-src data: app:',
    'font-src data:',
    `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  const body = pages.map((page, index) => renderPage(page, index + 1)).join('\n')
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(book.title)}</title>
<style>${css}</style>
</head>
<body class="layout-${book.layout}">
${body}
</body>
</html>
`
}

function renderPage(page: PrintedPage, number: number): string {
  const open = (kind: string) => `<section class="page ${kind}" data-page="${number}">`
  switch (page.kind) {
    case 'cover':
      return `${open('cover')}<div class="content"><h1 class="${page.title.length > LONG_TITLE_CHARS ? 'title long' : 'title'}">${escapeHtml(page.title)}</h1>${page.author ? `<p class="author">${escapeHtml(page.author)}</p>` : ''}${page.image ? `<figure class="picture">${image(page.image, '')}</figure>` : ''}</div></section>`
    case 'picture-above':
      return `${open('picture-above')}<div class="content"><figure class="picture">${image(page.image, page.alt)}</figure>${text(page.paragraphs)}</div></section>`
    case 'full-bleed':
      return `${open('full-bleed')}${image(page.image, page.alt, 'bleed')}${page.paragraphs.length > 0 ? `<div class="band">${text(page.paragraphs)}</div>` : ''}</section>`
    case 'picture':
      return `${open('picture')}${image(page.image, page.alt, 'bleed')}</section>`
    case 'text':
      return `${open('text-only')}<div class="content">${text(page.paragraphs)}</div></section>`
    case 'blank':
      return `${open('blank')}</section>`
  }
}

function image(url: string, alt: string, className?: string): string {
  return `<img${className ? ` class="${className}"` : ''} src="${escapeHtml(url)}" alt="${escapeHtml(alt)}">`
}

function text(paragraphs: readonly string[]): string {
  return `<div class="text">${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('')}</div>`
}

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character])
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** The style sheet, with every length from the page geometry (in millimetres). */
function styleSheet(g: PageGeometry, fonts: string): string {
  return `
@page { size: ${g.width}mm ${g.height}mm; margin: 0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 8mm 0; background: #d9d4ca; font-family: ${fonts}; color: #2b2522; font-kerning: normal; }
.page { position: relative; width: ${g.width}mm; height: ${g.height}mm; margin: 0 auto 8mm; overflow: hidden; background: #fffdf8; break-after: page; break-inside: avoid; }
.page:last-child { break-after: auto; margin-bottom: 0; }
.content { position: absolute; inset: ${g.margin}mm; display: flex; flex-direction: column; }
.text { font-size: ${g.fontSize}mm; line-height: ${g.lineHeight}; text-align: left; overflow-wrap: anywhere; hyphens: manual; white-space: normal; }
.text p { margin: 0; }
.text p + p { margin-top: ${g.paragraphGap}em; }
.picture { margin: 0; display: flex; align-items: center; justify-content: center; }
.picture img { width: 100%; height: 100%; object-fit: contain; }
.picture-above .picture { height: ${g.pictureHeight}mm; flex: none; margin-bottom: ${g.pictureGap}mm; }
img.bleed { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
.band { position: absolute; left: 0; right: 0; bottom: 0; padding: ${g.bandPadding}mm ${g.margin}mm; background: rgba(255, 253, 248, 0.9); }
.cover .content { align-items: center; text-align: center; }
.cover .title { font-size: ${round(g.fontSize * 2.2)}mm; line-height: 1.2; margin: ${round(g.margin * 0.5)}mm 0 0; overflow-wrap: anywhere; }
.cover .title.long { font-size: ${round(g.fontSize * 1.4)}mm; }
.cover .author { font-size: ${round(g.fontSize * 1.1)}mm; margin: ${round(g.fontSize)}mm 0 0; font-style: italic; }
.cover .picture { flex: 1; min-height: 0; width: 100%; margin-top: ${round(g.margin * 0.8)}mm; }
@media print {
  body { padding: 0; background: none; }
  .page { margin: 0; }
}
`
}
