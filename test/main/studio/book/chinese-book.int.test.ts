import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Storybook } from '../../../../src/shared/contract'
import { exportBookPdf } from '../../../../src/main/studio/book/export-pdf'
import { toParagraphs } from '../../../../src/main/studio/book/paginate'
import { createChromiumPrinter, launchChromium } from '../../../../src/main/studio/book/pdf/chromium-printer'
import { canPrintPdf, prerequisite } from '../../../prerequisites'
import { caoChongStory, foxStory, simaGuangStory } from '../scenes/chinese-stories'

/** Punctuation a Chinese line never starts with (closing marks and stops). */
const NO_LINE_START = /^[。，、；：！？」』）》〉”’…—]/u
/** Punctuation a Chinese line never ends with (opening marks). */
const NO_LINE_END = /[「『（《〈“‘]$/u

const paragraphsOf = (story: string) => story.split(/\n\s*\n/).map((paragraph) => paragraph.trim())

describe.skipIf(!prerequisite('Chromium and poppler-utils', canPrintPdf()))('a Chinese storybook PDF', () => {
  let browser: Browser
  let folder: string
  beforeAll(async () => {
    browser = await launchChromium()
    folder = mkdtempSync(join(tmpdir(), 'taleweaver-chinese-book-'))
  })
  afterAll(async () => {
    await browser?.close()
    if (folder) rmSync(folder, { recursive: true, force: true })
  })

  it('prints every paragraph in order, and no line starts with a closing mark or ends with an opening one', { timeout: 120_000 }, async () => {
    const texts = [...paragraphsOf(foxStory), ...paragraphsOf(simaGuangStory), ...paragraphsOf(caoChongStory)]
    const book = Storybook.parse({ title: '阿福的故事', pages: texts.map((text) => ({ text })), size: 'a5', layout: 'picture-above' })
    const out = join(folder, 'afu.pdf')
    await exportBookPdf(book, out, createChromiumPrinter({ browser }))

    const printed = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' })
    const squashed = printed.replace(/\s+/g, '')
    let from = 0
    for (const paragraph of [book.title, ...book.pages.flatMap((page) => toParagraphs(page.text))]) {
      const wanted = paragraph.replace(/\s+/g, '')
      const at = squashed.indexOf(wanted, from)
      expect(at, `"${paragraph.slice(0, 20)}" in order`).toBeGreaterThanOrEqual(from)
      from = at + wanted.length
    }

    const lines = printed.split('\n').map((line) => line.trim()).filter(Boolean)
    // The book wraps its long paragraphs: the rules below are tested on real line breaks.
    expect(lines.length).toBeGreaterThan(texts.length * 2)
    expect(lines.filter((line) => NO_LINE_START.test(line))).toEqual([])
    expect(lines.filter((line) => NO_LINE_END.test(line))).toEqual([])
  })
})
