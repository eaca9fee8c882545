import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storybook } from '../../../../src/shared/contract'
import { runJob } from '../../../../src/shared/run-job'
import { locateChromium } from '../../../../src/main/studio/book/pdf/locate-chromium'
import { preparePrintPictures, printedPixels } from '../../../../src/main/studio/book/print-pictures'
import { createStudio, type Studio } from '../../../../src/main/studio/core/studio'
import { UPSCALER_FIXTURES, fixturePacks } from '../../../fixtures/packs'

/** Chromium and poppler-utils are installed on the build machines; elsewhere this file skips. */
function available(): boolean {
  try {
    locateChromium()
    execFileSync('pdfimages', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A small picture with an edge, as the starter pack paints them (128 px). */
async function picture(hue: number, width = 128, height = 128): Promise<string> {
  const svg = Buffer.from(`<svg width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="hsl(${hue},60%,60%)"/><circle cx="64" cy="64" r="30" fill="hsl(${hue + 180},60%,40%)"/></svg>`)
  return `data:image/png;base64,${(await sharp(svg).png().toBuffer()).toString('base64')}`
}

/** `pdfimages -list` rows: the pixel size of every picture the PDF embeds. */
function embeddedSizes(pdf: string): { width: number; height: number }[] {
  const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((row) => row.trim() !== '')
  return rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').map((row) => {
    const cells = row.trim().split(/\s+/)
    return { width: Number(cells[3]), height: Number(cells[4]) }
  })
}

describe.runIf(available())('book export at a print resolution', () => {
  let folder: string
  let studio: Studio

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'taleweaver-print-'))
    const packs = await fixturePacks()
    const upscaler = packs[UPSCALER_FIXTURES.dynamic]
    studio = createStudio({
      dataDir: folder,
      packs: {
        resolve: async (kind, id) => ({ id: id ?? 'fixture-upscale-tiny', kind, dir: upscaler, defaults: {} }),
        openFolder: async () => Promise.reject(new Error('not used')),
      },
    })
  })
  afterAll(async () => {
    await studio.close()
    await rm(folder, { recursive: true, force: true })
  })

  it('sizes a picture for the whole page it may cover: A5 at 300 dpi needs 2481 px for a square', () => {
    expect(printedPixels({ size: 'a5' }, 300, 128, 128)).toEqual({ width: 2481, height: 2481 })
    expect(printedPixels({ size: 'a5' }, 150, 128, 128)).toEqual({ width: 1241, height: 1241 })
    expect(printedPixels({ size: 'a4' }, 300, 256, 128)).toEqual({ width: 7016, height: 3508 })
  })

  it('embeds every picture at no fewer pixels than its printed size needs (pdfimages -list), upscaled once and cached', async () => {
    const book: Storybook = {
      title: 'The Fox',
      cover: await picture(30),
      pages: [
        { text: 'Once upon a time a little fox lived at the edge of a great forest.', image: await picture(120) },
        { text: 'One morning the fox found a red house in the snow.', image: await picture(220) },
      ],
      size: 'a5',
      layout: 'picture-above',
      font: 'serif',
    }
    const out = join(folder, 'print.pdf')
    const stages: string[] = []
    const result = await runJob(studio, 'book.export', { book, out, dpi: 300 }, { onProgress: ({ stage, step }) => stages.push(`${stage} ${step}`) })
    expect(result.out).toBe(out)
    expect(stages.slice(0, 3)).toEqual(['pictures 1', 'pictures 2', 'pictures 3'])
    const sizes = embeddedSizes(out)
    expect(sizes).toHaveLength(3)
    for (const size of sizes) expect(size).toEqual({ width: 2481, height: 2481 })
    expect(await readdir(join(folder, 'cache', 'print-pictures'))).toHaveLength(3)

    // The same book again: every picture comes from the cache, the upscaler is not asked.
    const refusing = { id: 'fixture-upscale-tiny', upscale: () => Promise.reject(new Error('the cache should have answered')) }
    const again = await preparePrintPictures(book, 300, { upscaler: refusing, cacheDir: join(folder, 'cache', 'print-pictures') })
    expect(await sharp(Buffer.from(again.cover!.split(',')[1], 'base64')).metadata()).toMatchObject({ width: 2481, height: 2481 })
  }, 600_000)
})
