import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pageSizeMillimetres, Storybook, type PageSize } from '../../../../src/shared/contract'
import { runJob } from '../../../../src/shared/run-job'
import { exportBookPdf } from '../../../../src/main/studio/book/export-pdf'
import { layoutBook } from '../../../../src/main/studio/book/layout'
import { toParagraphs } from '../../../../src/main/studio/book/paginate'
import { createChromiumPrinter, launchChromium } from '../../../../src/main/studio/book/pdf/chromium-printer'
import type { PdfPrinter } from '../../../../src/main/studio/book/pdf/pdf-printer'
import { createStudio } from '../../../../src/main/studio/core/studio'
import { canPrintPdf, prerequisite } from '../../../prerequisites'

/** A picture per page, each with its own colours and a disc, so a swapped or shifted picture shows. */
async function picture(hue: number): Promise<string> {
  const [r, g, b] = [Math.round(128 + 100 * Math.cos(hue)), Math.round(128 + 100 * Math.cos(hue + 2)), Math.round(128 + 100 * Math.cos(hue + 4))]
  const disc = Buffer.from(`<svg width="320" height="240"><rect width="320" height="240" fill="rgb(${r},${g},${b})"/><circle cx="${100 + hue * 30}" cy="120" r="70" fill="rgb(${255 - r},${255 - g},${255 - b})"/></svg>`)
  const png = await sharp(disc).png().toBuffer()
  return `data:image/png;base64,${png.toString('base64')}`
}

const ENGLISH = [
  'Once upon a time a little girl called Gretel lived at the edge of a great forest with her brother Hansel.',
  Array.from({ length: 30 }, (_, index) => `On the ${index + 1}th morning the children walked a little further into the wood, counting the birds in the tall trees.`).join(' '),
  'At last they came home, and their father was glad.',
]
const FRENCH = [
  "Il était une fois une petite fille nommée Élodie qui vivait près d'une forêt enchantée, où l'été durait toujours.",
  'Chaque matin, Élodie cueillait des fraises au bord de la rivière ; le renard poli lui montrait le château caché derrière les arbres.',
  'Ils lurent jusqu’à la tombée de la nuit : « Quelle journée ! » s’écria-t-elle, ravie. Ça, c’était un rêve à raconter.',
]
const CHINESE = [
  '从前，有一个小女孩叫小红。小红住在森林旁边的小屋里，每天早上都去河边采花。',
  '有一天，小红在树下遇到了一只大灰狼。大灰狼问她要去哪里，小红没有回答，转身跑回了小屋。',
  '奶奶打开门，狼逃进了森林。小红和奶奶一起在花园里吃晚饭，月亮慢慢升了起来。',
]

interface Sample {
  name: string
  book: Storybook
  /** The exported PDF. */
  out: string
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' })
/** Text without spaces or hyphens: pdftotext joins a word hyphenated at a line end back into one. */
const squash = (text: string) => text.replace(/[\s-]+/g, '')

describe.skipIf(!prerequisite('Chromium and poppler-utils', canPrintPdf()))('storybook PDF through Chromium', () => {
  let browser: Browser
  let printer: PdfPrinter
  let folder: string
  const samples: Sample[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    printer = createChromiumPrinter({ browser })
    folder = mkdtempSync(join(tmpdir(), 'taleweaver-pdf-'))
    const pictures = await Promise.all([0, 1, 2, 3].map(picture))
    const pages = (texts: string[]) => texts.map((text, index) => ({ text, image: pictures[index], alt: `Picture ${index + 1}` }))
    const books: [string, Storybook][] = [
      ['english', Storybook.parse({ title: 'Hansel & Gretel', author: 'The Brothers Grimm', pages: pages(ENGLISH), size: 'a5', layout: 'picture-above' })],
      ['french', Storybook.parse({ title: 'Élodie et le renard', author: 'Anaïs Bérénice', pages: pages(FRENCH), size: 'a4', layout: 'full-bleed', font: 'sans' })],
      ['chinese', Storybook.parse({ title: '小红和大灰狼', pages: pages(CHINESE), size: 'square', layout: 'facing-pages', cover: pictures[3] })],
    ]
    for (const [name, book] of books) samples.push({ name, book, out: join(folder, `${name}.pdf`) })
  })

  afterAll(async () => {
    await browser?.close()
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  it('prints every page of text in order, one picture per illustrated page, at the book size, fonts embedded', async () => {
    for (const { name, book, out } of samples) {
      const layout = layoutBook(book)
      const result = await exportBookPdf(book, out, printer)
      expect(result).toEqual({ out, pages: layout.pages })

      const info = run('pdfinfo', [out])
      expect(info).toMatch(new RegExp(`Pages:\\s+${layout.pages}\\n`))
      const [width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number)
      const size = pageSizeMillimetres[book.size as PageSize]
      expect(Math.abs(width - (size.width * 72) / 25.4), `${name} width`).toBeLessThan(1)
      expect(Math.abs(height - (size.height * 72) / 25.4), `${name} height`).toBeLessThan(1)

      // Every paragraph, in order, each on the page the layout put it on.
      const text = squash(run('pdftotext', ['-enc', 'UTF-8', out, '-']))
      let from = 0
      for (const paragraph of [book.title, ...book.pages.flatMap((page) => toParagraphs(page.text))]) {
        const at = text.indexOf(squash(paragraph), from)
        expect(at, `${name}: "${paragraph.slice(0, 40)}" in order`).toBeGreaterThanOrEqual(from)
        from = at + squash(paragraph).length
      }
      layout.printed.forEach((page, index) => {
        if (!('paragraphs' in page) || page.paragraphs.length === 0) return
        const onPage = squash(run('pdftotext', ['-enc', 'UTF-8', '-f', `${index + 1}`, '-l', `${index + 1}`, out, '-']))
        expect(onPage).toContain(squash(page.paragraphs.join('')))
      })

      const images = run('pdfimages', ['-list', out]).split('\n').slice(2).filter(Boolean).map((line) => Number(line.trim().split(/\s+/)[0]))
      const illustrated = layout.printed.flatMap((page, index) => ('image' in page && page.image ? [index + 1] : []))
      expect(images, `${name}: pages with a picture`).toEqual(illustrated)

      const fonts = run('pdffonts', [out]).split('\n').slice(2).filter(Boolean)
      expect(fonts.length).toBeGreaterThan(0)
      for (const font of fonts) expect(font.split(/\s+/).slice(-5, -4)[0], font).toBe('yes')
    }
  })

  it('prints each page as the preview shows it', async () => {
    expect(samples.every((sample) => existsSync(sample.out)), 'the PDFs of the first test').toBe(true)
    for (const { name, book, out } of samples) {
      // A fresh page per book: a document written over another keeps the first one's CSP.
      const page = await browser.newPage({ deviceScaleFactor: 1 })
      try {
        const layout = layoutBook(book)
        await page.setContent(layout.html, { waitUntil: 'load' })
        await page.evaluate('document.fonts.ready.then(() => true)')
        expect(await overflowingPages(page), `${name}: pages whose text does not fit`).toEqual([])
        // The cover, the first picture page and the last text page: every kind of page, few screenshots.
        const kinds = layout.printed.map((printed) => printed.kind)
        const compared = [...new Set([0, kinds.findIndex((kind) => kind !== 'cover' && kind !== 'text' && kind !== 'blank'), kinds.lastIndexOf('text')])].filter((index) => index >= 0)
        for (const index of compared) {
          const screenshot = await page.locator('section.page').nth(index).screenshot()
          const printed = pdfPage(out, index + 1)
          const difference = await meanDifference(screenshot, printed)
          expect(difference, `${name} page ${index + 1}`).toBeLessThan(6)
        }
        // The comparison can tell pages apart: the cover against a picture page differs plainly.
        const [first, second] = compared
        const mismatch = await meanDifference(await page.locator('section.page').nth(first).screenshot(), pdfPage(out, second + 1))
        expect(mismatch, `${name}: different pages`).toBeGreaterThan(12)
      } finally {
        await page.close()
      }
    }
  })

  it('exports through the studio as a job whose result carries the path and page count', async () => {
    const studio = createStudio({
      dataDir: folder,
      packs: { resolve: async () => Promise.reject(new Error('no packs here')), openFolder: async () => Promise.reject(new Error('no packs here')) },
      pdfPrinter: printer,
    })
    try {
      // US Letter here, so the four sizes are all printed once.
      const book = { ...samples[0].book, size: 'letter' as const }
      const out = join(folder, 'studio.pdf')
      const stages: string[] = []
      const result = await runJob(studio, 'book.export', { book, out }, { onProgress: ({ stage }) => stages.push(stage) })
      expect(result).toEqual({ out, pages: layoutBook(book).pages })
      expect(stages).toEqual(['layout', 'print', 'write'])
      expect(run('pdfinfo', [out])).toMatch(/Page size:\s+612(?:\.\d+)? x 792(?:\.\d+)? pts \(letter\)/)
      await expect(runJob(studio, 'book.export', { book, out: join(folder, 'missing', 'x.pdf') })).rejects.toThrow(/does not exist/)
      await expect(studio.call('book.export', { book, out: 'relative.pdf' })).rejects.toThrow(/absolute/)
    } finally {
      await studio.close()
    }
  })
})

/** Pages whose content box overflows (text the layout estimate did not make room for). */
async function overflowingPages(page: Page): Promise<number[]> {
  return page.evaluate(`[...document.querySelectorAll('section.page')].flatMap((section, index) => {
    const box = section.getBoundingClientRect()
    const parts = [...section.querySelectorAll('.content, .band')]
    const over = parts.some((part) => part.scrollHeight > part.clientHeight + 1 || part.getBoundingClientRect().top < box.top - 0.5 || part.getBoundingClientRect().bottom > box.bottom + 0.5)
    return over ? [index + 1] : []
  })`)
}

/** One PDF page as a PNG at 96 dpi: the CSS pixel size of the preview. */
function pdfPage(pdf: string, number: number): Buffer {
  const root = `${pdf}-page-${number}`
  execFileSync('pdftoppm', ['-r', '96', '-f', `${number}`, '-l', `${number}`, '-png', '-singlefile', pdf, root])
  return readFileSync(`${root}.png`)
}

/** Mean absolute difference (0-255) of two pictures shrunk to the same small grey image. */
async function meanDifference(a: Buffer, b: Buffer): Promise<number> {
  const shrink = (image: Buffer) => sharp(image).flatten({ background: '#ffffff' }).greyscale().resize(96, 96, { fit: 'fill' }).raw().toBuffer()
  const [left, right] = await Promise.all([shrink(a), shrink(b)])
  let sum = 0
  for (let index = 0; index < left.length; index++) sum += Math.abs(left[index] - right[index])
  return sum / left.length
}
