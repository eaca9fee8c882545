import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Storybook, type BookFont, type LayoutTemplate, type PageSize } from '../../../../src/shared/contract'
import { layoutBook } from '../../../../src/main/studio/book/layout'
import { CHROMIUM_FLAGS } from '../../../../src/main/studio/book/pdf/chromium-printer'
import { locateChromium } from '../../../../src/main/studio/book/pdf/locate-chromium'
import { grimmTales, hasCorpus } from '../scenes/corpus-tales'
import { canPrintPdf, prerequisite } from '../../../prerequisites'

/**
 * The layout measures text with the bundled fonts and Chromium draws it with the same files, so
 * pages do not depend on the machine's fonts. Simulated here by printing every book twice: in a
 * Chromium that sees the system's fonts, and in one whose fontconfig sees none at all.
 */
/** A long Latin-script book: a public-domain tale with accents and typographic quotes added. */
function sampleBook(font: BookFont, size: PageSize, layout: LayoutTemplate): Storybook {
  const tale = grimmTales(['Rapunzel'])[0].text.replace(/"/g, '“').slice(0, 9000)
  const paragraphs = tale.split(/\n\s*\n/).filter((paragraph) => paragraph.trim())
  const pages = [0, 1, 2].map((index) => ({
    text: paragraphs.slice(index * Math.ceil(paragraphs.length / 3), (index + 1) * Math.ceil(paragraphs.length / 3)).join('\n\n') + ' Élodie’s café, naïve façade.',
    image: `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==`,
  }))
  return Storybook.parse({ title: 'The Fox and the Lighthouse', author: 'Anaïs', pages, font, size, layout })
}

/** Prints a layout in one browser; reports its page count, each page's text, fonts, and any box its text overflows. */
async function print(browser: Browser, html: string, folder: string) {
  const page = await browser.newPage()
  try {
    await page.setContent(html, { waitUntil: 'load' })
    await page.evaluate('document.fonts.ready.then(() => true)')
    const overflows = (await page.evaluate(`[...document.querySelectorAll('.page')].flatMap((sheet) => {
      const text = sheet.querySelector('.content > .text, .band > .text')
      if (!text) return []
      const box = (text.closest('.band') ? sheet : text.parentElement).getBoundingClientRect()
      const lines = text.getBoundingClientRect()
      return lines.bottom > box.bottom + 0.5 || lines.top < box.top - 0.5 ? [sheet.dataset.page] : []
    })`)) as string[]
    const pdf = join(folder, `${Math.random().toString(36).slice(2)}.pdf`)
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
    const texts = Array.from({ length: pages }, (_, index) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', `${index + 1}`, '-l', `${index + 1}`, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''))
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''))
    return { pages, texts, fonts: [...new Set(fonts)].sort(), overflows }
  } finally {
    await page.close()
  }
}

describe.skipIf(!prerequisite('Chromium, poppler-utils and the corpus in ../shared/data', canPrintPdf() && hasCorpus))('book pages with the bundled fonts', () => {
  let folder: string
  let browsers: { name: string; browser: Browser }[] = []

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tw-fonts-'))
    const noFonts = join(folder, 'fonts.conf')
    writeFileSync(noFonts, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>' + join(folder, 'cache') + '</cachedir></fontconfig>\n')
    const root = process.getuid?.() === 0
    const launch = (env: Record<string, string>) => chromium.launch({ executablePath: locateChromium().path, headless: true, chromiumSandbox: !root, args: CHROMIUM_FLAGS, env: { ...process.env, ...env } as Record<string, string> })
    browsers = [
      { name: 'system fonts', browser: await launch({}) },
      { name: 'no system fonts', browser: await launch({ FONTCONFIG_FILE: noFonts }) },
    ]
  })

  afterAll(async () => {
    for (const { browser } of browsers) await browser.close()
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  const cases: [BookFont, PageSize, LayoutTemplate, RegExp][] = [
    ['serif', 'a5', 'picture-above', /^Literata/],
    ['sans', 'square', 'full-bleed', /^Andika/],
    ['serif', 'letter', 'facing-pages', /^Literata/],
  ]
  for (const [font, size, layout, family] of cases) {
    it(`are the same with or without system fonts, never overflow, and embed only the bundled font (${font}, ${size}, ${layout})`, async () => {
      const book = sampleBook(font, size, layout)
      const layoutResult = layoutBook(book)
      const printed = []
      for (const { name, browser } of browsers) {
        const result = await print(browser, layoutResult.html, folder)
        expect(result.overflows, `${name}: pages whose text overflows its box`).toEqual([])
        expect(result.pages, name).toBe(layoutResult.pages)
        for (const embedded of result.fonts) expect(embedded, name).toMatch(family)
        printed.push(result)
      }
      expect(printed[1].texts).toEqual(printed[0].texts)
    })
  }
})
