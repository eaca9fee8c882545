/**
 * Pictures ready for print at a chosen resolution, before the book is laid out: a picture with
 * fewer pixels than its printed size needs at that resolution is enlarged by the upscaler (the
 * edges it restores are what a print shows) and then resized to exactly what the page needs, so
 * the PDF embeds it at that resolution. Results are cached per picture, upscaler and size.
 *
 * Layout-independent on purpose: every picture is sized for the largest box any template gives
 * it, the whole page (full-bleed templates cover it), so the templates can change freely.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { pageSizeMillimetres, type PrintDpi, type Storybook } from '../../../shared/contract'
import { writeFileAtomic } from '../storage/atomic-file'

/** Enlarges a PNG with an upscaler; the id names the upscaler in cache keys. */
export interface PictureUpscaler {
  id: string
  upscale(png: Buffer, signal?: AbortSignal): Promise<Buffer>
}

export interface PrintPicturesOptions {
  /** The active upscaler, or null when none is installed (pictures are then only resized). */
  upscaler: PictureUpscaler | null
  /** Folder for the prepared pictures. */
  cacheDir: string
  signal?: AbortSignal
  /** After each picture: how many are done out of how many. */
  onPicture?(done: number, total: number): void
}

const MILLIMETRES_PER_INCH = 25.4
const DATA_URL = /^data:image\/(png|jpeg|webp|gif);base64,(.*)$/s

/** The pixels a picture of the given shape needs to cover a page of this book at `dpi`. */
export function printedPixels(book: Pick<Storybook, 'size'>, dpi: PrintDpi, width: number, height: number): { width: number; height: number } {
  const page = pageSizeMillimetres[book.size]
  // Covering the page: the picture is scaled until both sides reach the page's.
  const millimetresPerPixel = Math.max(page.width / width, page.height / height)
  const toPixels = (pixels: number) => Math.ceil(((pixels * millimetresPerPixel) / MILLIMETRES_PER_INCH) * dpi)
  return { width: toPixels(width), height: toPixels(height) }
}

/** The book with every inline picture at no fewer pixels than print at `dpi` needs. */
export async function preparePrintPictures(book: Storybook, dpi: PrintDpi, options: PrintPicturesOptions): Promise<Storybook> {
  const urls = [...new Set([book.cover, ...book.pages.map((page) => page.image)].filter((url): url is string => url !== undefined && DATA_URL.test(url)))]
  const prepared = new Map<string, string>()
  for (const [index, url] of urls.entries()) {
    options.signal?.throwIfAborted()
    prepared.set(url, await preparePicture(url, book, dpi, options))
    options.onPicture?.(index + 1, urls.length)
  }
  const printable = (url: string | undefined) => (url === undefined ? undefined : (prepared.get(url) ?? url))
  return {
    ...book,
    cover: printable(book.cover),
    pages: book.pages.map((page) => (page.image === undefined ? page : { ...page, image: printable(page.image) })),
  }
}

async function preparePicture(url: string, book: Storybook, dpi: PrintDpi, options: PrintPicturesOptions): Promise<string> {
  const bytes = Buffer.from(DATA_URL.exec(url)![2], 'base64')
  const { width, height } = await sharp(bytes).metadata()
  if (!width || !height) return url
  const needed = printedPixels(book, dpi, width, height)
  if (width >= needed.width) return url
  const key = createHash('sha256')
    .update(bytes)
    .update(`\0${options.upscaler?.id ?? 'resize'}\0${needed.width}x${needed.height}`)
    .digest('hex')
  const cached = join(options.cacheDir, `${key}.png`)
  const hit = await readFile(cached).catch(() => null)
  if (hit) return dataUrl(hit)
  const png = await sharp(bytes).png().toBuffer()
  const enlarged = options.upscaler ? await options.upscaler.upscale(png, options.signal) : png
  // Resized to exactly what the page needs: down from a x4 result, or the rest of the way up.
  const sized = await sharp(enlarged).resize(needed.width, needed.height, { kernel: 'lanczos3', fit: 'fill' }).png({ compressionLevel: 6 }).toBuffer()
  await mkdir(options.cacheDir, { recursive: true })
  await writeFileAtomic(cached, sized)
  return dataUrl(sized)
}

function dataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`
}
