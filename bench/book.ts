/**
 * Storybook layout and printing speed: a 40-page picture book (A5, picture above text, a 512 x 512
 * PNG per page) laid out as HTML, then printed to PDF through the local Chromium. The raw
 * baseline, measured in the same run, is Chromium printing a document of the same size without
 * pictures or styles (plain paragraphs), so `print_ratio_to_plain` says what the book's pictures
 * and print rules cost. Browser launch is reported apart.
 *
 * Then the whole-book job on the starter packs (see bench/book/whole-book.ts): seconds per page
 * and the peak RSS of the process tree.
 *
 * Usage: npm run bench -- book [--rounds N] [--pages N] [--book-pages N]
 */
import sharp from 'sharp'
import { Storybook } from '../src/shared/contract'
import { layoutBook } from '../src/main/studio/book/layout'
import { createChromiumPrinter, launchChromium } from '../src/main/studio/book/pdf/chromium-printer'
import { benchWholeBook } from './book/whole-book'
import { numberFlag, roundTo } from './shared/figures'

export default async function benchBook(args: string[]): Promise<void> {
  const rounds = numberFlag(args, '--rounds', 3)
  const pageCount = numberFlag(args, '--pages', 40)
  const pictures = await Promise.all(
    Array.from({ length: pageCount }, async (_, index) => {
      const png = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128 + index, sigma: 40 } } }).png().toBuffer()
      return `data:image/png;base64,${png.toString('base64')}`
    }),
  )
  const text = 'The children walked into the forest and counted the birds in the tall trees. '.repeat(6)
  const book = Storybook.parse({ title: 'A Benchmark Book', pages: pictures.map((image) => ({ text, image })) })

  const layoutTimes = timesOf(rounds, () => layoutBook(book))
  const { html, pages } = layoutBook(book)
  const plain = `<!doctype html><meta charset="utf-8"><body>${book.pages.map((page) => `<p>${page.text}</p>`).join('')}</body>`

  const launchStart = performance.now()
  const browser = await launchChromium()
  const launchMs = performance.now() - launchStart
  try {
    const printer = createChromiumPrinter({ browser })
    const printTimes: number[] = []
    const plainTimes: number[] = []
    for (let round = 0; round < rounds; round++) {
      let start = performance.now()
      await printer.print(html)
      printTimes.push(performance.now() - start)
      start = performance.now()
      await printer.print(plain)
      plainTimes.push(performance.now() - start)
    }
    const print = best(printTimes)
    console.log(
      JSON.stringify({
        bench: 'book',
        book_pages: pageCount,
        printed_pages: pages,
        html_bytes: html.length,
        rounds,
        layout_ms: roundTo(best(layoutTimes), 2),
        launch_ms: roundTo(launchMs, 2),
        print_ms: roundTo(print, 2),
        print_ms_per_page: roundTo(print / pages, 2),
        baseline_plain_print_ms: roundTo(best(plainTimes), 2),
        print_ratio_to_plain: roundTo(print / best(plainTimes), 2),
      }),
    )
  } finally {
    await browser.close()
  }
  console.log(JSON.stringify({ bench: 'book-whole-job', ...(await benchWholeBook(numberFlag(args, '--book-pages', 6))) }))
}

function timesOf(rounds: number, run: () => unknown): number[] {
  return Array.from({ length: rounds }, () => {
    const start = performance.now()
    run()
    return performance.now() - start
  })
}

function best(times: number[]): number {
  return Math.min(...times)
}
