import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { layoutTemplates, pageSizes, Storybook } from '../../../../src/shared/contract'
import { layoutBook } from '../../../../src/main/studio/book/layout'
import { toParagraphs } from '../../../../src/main/studio/book/paginate'

const PICTURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const LONG_TEXT = Array.from({ length: 40 }, (_, index) => `Sentence number ${index + 1} of a long page, which runs on for a while.`).join(' ')

function book(overrides: Partial<Storybook> = {}): Storybook {
  return Storybook.parse({
    title: 'The Gingerbread House',
    author: 'A. Teller',
    pages: [
      { text: 'Hansel and Gretel walked into the forest.', image: PICTURE, alt: 'Two children' },
      { text: LONG_TEXT, image: PICTURE },
      { text: 'The end.' },
    ],
    ...overrides,
  })
}

/** The text of the document's pages, in order, without tags (entities decoded). */
function textOf(html: string): string {
  const body = html.slice(html.indexOf('<body'))
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

describe('layoutBook', () => {
  it('escapes every text so a story cannot inject markup', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes" \'too\''
    const { html } = layoutBook(book({ title: hostile, author: hostile, pages: [{ text: hostile, image: PICTURE, alt: `" onload="alert(3)` }] }))
    expect(html).not.toMatch(/<script|<img src=x|" onload=/i)
    // The only tags are the layout's own: every picture is ours, with a data: source and escaped alt text.
    for (const tag of html.match(/<img[^>]*>/g) ?? []) expect(tag).toMatch(/^<img(?: class="bleed")? src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*">$/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('alt="&quot; onload=&quot;alert(3)"')
    expect(textOf(html)).toContain(hostile)
  })

  it('carries a Content-Security-Policy that allows only its own style sheet and inline or app pictures', () => {
    const { html } = layoutBook(book())
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'")
    expect(policy).toBeDefined()
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain('img-src data: app:')
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    expect(policy).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`)
    expect(html).not.toMatch(/<script|style="|javascript:|https?:\/\//i)
  })

  it('accepts only data: and app: pictures', () => {
    for (const image of ['https://example.com/a.png', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html;base64,PGI+', 'data:image/svg+xml;base64,PHN2Zz4=', 'app://studio/a.png?x="y"']) {
      expect(Storybook.safeParse({ title: 't', pages: [{ text: 'x', image }] }).success, image).toBe(false)
    }
    expect(Storybook.safeParse({ title: 't', pages: [{ text: 'x', image: 'app://studio/images/scene-1.png' }] }).success).toBe(true)
    expect(Storybook.safeParse({ title: 't', cover: PICTURE, pages: [] }).success).toBe(true)
  })

  it('keeps all the text, in order, however the pages break', () => {
    for (const layout of layoutTemplates) {
      for (const size of pageSizes) {
        const laidOut = layoutBook(book({ layout, size }))
        const expected = ['The Gingerbread House', 'A. Teller', ...book().pages.flatMap((page) => toParagraphs(page.text))].join(' ')
        expect(textOf(laidOut.html), `${layout} ${size}`).toBe(expected)
        expect(laidOut.pages).toBe((laidOut.html.match(/<section class="page /g) ?? []).length)
      }
    }
  })

  it('sets each page size in the print rules', () => {
    expect(layoutBook(book({ size: 'a5' })).html).toContain('@page { size: 148mm 210mm; margin: 0; }')
    expect(layoutBook(book({ size: 'a4' })).html).toContain('@page { size: 210mm 297mm; margin: 0; }')
    expect(layoutBook(book({ size: 'letter' })).html).toContain('@page { size: 215.9mm 279.4mm; margin: 0; }')
    expect(layoutBook(book({ size: 'square' })).html).toContain('@page { size: 203.2mm 203.2mm; margin: 0; }')
  })

  it('flows long text onto text pages after its picture, and keeps facing pictures on left-hand pages', () => {
    expect(layoutBook(book({ layout: 'picture-above' })).printed.map((page) => page.kind)).toEqual(['cover', 'picture-above', 'picture-above', 'text', 'text', 'text'])
    expect(layoutBook(book({ layout: 'facing-pages' })).printed.map((page) => page.kind)).toEqual(['cover', 'picture', 'text', 'picture', 'text', 'text', 'text'])
    // A two-page text pushes the next picture over a blank page, back onto the left.
    const facing = layoutBook(book({ layout: 'facing-pages', pages: [book().pages[1], book().pages[0]] })).printed.map((page) => page.kind)
    expect(facing).toEqual(['cover', 'picture', 'text', 'text', 'blank', 'picture', 'text'])
    facing.forEach((kind, index) => {
      if (kind === 'picture') expect((index + 1) % 2, 'pictures on even pages').toBe(0)
    })
    expect(layoutBook(book({ layout: 'full-bleed' })).printed[1].kind).toBe('full-bleed')
  })

  it('names the language of Chinese text and puts its CJK fonts first', () => {
    const { html } = layoutBook(book({ title: '小红的故事', pages: [{ text: '从前，有一个小女孩叫小红。' }] }))
    expect(html).toContain('<html lang="zh">')
    expect(html).toMatch(/font-family: [^;]*"Noto Serif CJK SC"/)
    expect(layoutBook(book({ font: 'sans', language: 'ja' })).html).toMatch(/font-family: [^;]*"Noto Sans CJK JP", "Source Han Sans JP"/)
  })

  it('lays out a book with no pages as its cover alone', () => {
    expect(layoutBook(book({ pages: [] })).pages).toBe(1)
  })
})
