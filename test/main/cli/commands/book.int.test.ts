import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gretelStory } from '../../studio/scenes/stories'
import { embeddedImages } from '../pdf-images'
import { runTaleweaver } from '../run-taleweaver'
import { canPrintPdf, prerequisite } from '../../../prerequisites'


describe.skipIf(!prerequisite('Chromium and poppler-utils', canPrintPdf()))('taleweaver book', () => {
  let folder: string
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'taleweaver-book-cli-'))
    mkdirSync(join(folder, 'pictures'))
    // Named so that plain string order ("10" before "2") would get them wrong.
    for (const [index, name] of ['1.png', '2.jpg', '10.png'].entries()) {
      const picture = sharp({ create: { width: 128, height: 96, channels: 3, background: { r: 80 * index, g: 120, b: 200 - 80 * index } } })
      await (name.endsWith('.jpg') ? picture.jpeg() : picture.png()).toFile(join(folder, 'pictures', name))
    }
    writeFileSync(join(folder, 'story.txt'), `Gretel and the Oven\n\n${gretelStory}`)
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('lays out the story with one picture per scene and writes the PDF', async () => {
    const out = join(folder, 'book.pdf')
    const { code, stdout, stderr } = await runTaleweaver(['book', '--story', join(folder, 'story.txt'), '--images', join(folder, 'pictures'), '--out', out, '--size', 'letter', '--author', 'A. Teller', '--json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result).toEqual({ out, pages: 4, scenes: 3 })
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' })
    expect(info).toMatch(/Title:\s+Gretel and the Oven\n/)
    expect(info).toMatch(/Pages:\s+4\n/)
    expect(info).toMatch(/Page size:\s+612(?:\.\d+)? x 792(?:\.\d+)? pts/)
    const pages = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((line) => Number(line.trim().split(/\s+/)[0]))
    expect(pages).toEqual([2, 3, 4])
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('They lost their way among the tall trees.')
  })

  it('names a file that is not a picture, in one line', async () => {
    writeFileSync(join(folder, 'pictures', '3.png'), 'not a picture')
    const { code, stderr } = await runTaleweaver(['book', '--story', join(folder, 'story.txt'), '--images', join(folder, 'pictures'), '--out', join(folder, 'x.pdf')])
    expect(code).toBe(2)
    expect(stderr.trim()).toMatch(/^taleweaver: .*3\.png is not a PNG, JPEG, WebP or GIF picture\.$/)
  })

  it('names a damaged picture (a PNG cut short) before laying anything out, in one line', async () => {
    const pictures = join(folder, 'damaged-pictures')
    mkdirSync(pictures)
    const whole = await sharp({ create: { width: 128, height: 96, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer()
    writeFileSync(join(pictures, '1.png'), whole)
    // The signature and header survive, the picture data does not: it looks like a PNG and is not one.
    writeFileSync(join(pictures, '2.png'), whole.subarray(0, 40))
    const out = join(folder, 'damaged.pdf')
    const { code, stderr } = await runTaleweaver(['book', '--story', join(folder, 'story.txt'), '--images', pictures, '--out', out])
    expect(code).toBe(2)
    expect(stderr.trim()).toBe(`taleweaver: ${join(pictures, '2.png')} is damaged: it cannot be read as a picture.`)
    expect(existsSync(out)).toBe(false)
  })

  it('--dpi 300 embeds every picture at no less than 300 pixels per inch as printed; other values are refused before any work', async () => {
    const pictures = join(folder, 'print-pictures')
    mkdirSync(pictures)
    // Different pictures: the PDF would embed identical ones once.
    for (const [index, name] of ['1.png', '2.png'].entries()) {
      await sharp({ create: { width: 128, height: 96, channels: 3, background: { r: 60 + 100 * index, g: 140, b: 90 } } }).png().toFile(join(pictures, name))
    }
    const story = ['--story', join(folder, 'story.txt'), '--images', pictures]
    const out = join(folder, 'print.pdf')
    const run = await runTaleweaver(['book', ...story, '--out', out, '--dpi', '300', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const images = embeddedImages(out)
    expect(images).toHaveLength(2)
    for (const image of images) expect(Math.min(image.xPpi, image.yPpi), JSON.stringify(image)).toBeGreaterThanOrEqual(300)
    // Without --dpi the pictures go in as they are: 128 px across most of a page.
    const plain = join(folder, 'plain.pdf')
    expect((await runTaleweaver(['book', ...story, '--out', plain])).code).toBe(0)
    for (const image of embeddedImages(plain)) expect(image.width).toBe(128)

    const refused = await runTaleweaver(['book', ...story, '--out', join(folder, 'never.pdf'), '--dpi', '200'])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr.trim().split('\n')[0]).toMatch(/--dpi.*Allowed choices are 150, 300/)
    expect(existsSync(join(folder, 'never.pdf'))).toBe(false)
  })
})
