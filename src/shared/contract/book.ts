import { z } from 'zod'
import { defineCall, defineJob, type JobProgressUpdate } from './define'

export const pageSizes = ['a5', 'a4', 'letter', 'square'] as const
export type PageSize = (typeof pageSizes)[number]
export const layoutTemplates = ['picture-above', 'full-bleed', 'facing-pages'] as const
export type LayoutTemplate = (typeof layoutTemplates)[number]
export const bookFonts = ['serif', 'sans'] as const
export type BookFont = (typeof bookFonts)[number]

/** Page sizes in millimetres (width x height), portrait. */
export const pageSizeMillimetres: Record<PageSize, { width: number; height: number }> = {
  a5: { width: 148, height: 210 },
  a4: { width: 210, height: 297 },
  letter: { width: 215.9, height: 279.4 },
  square: { width: 203.2, height: 203.2 },
}

const DATA_IMAGE_URL = /^data:image\/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/]*={0,2}$/
/** The app's own protocol (served with a containment check); no query strings or quotes. */
const APP_IMAGE_URL = /^app:\/\/[a-z0-9.-]+\/[A-Za-z0-9._~%/-]*$/

/**
 * Where a picture may come from: inline data (PNG, JPEG, WebP, GIF) or the app's own protocol.
 * Never the network or the file system, so a book lays out the same everywhere and offline.
 */
export const ImageUrl = z
  .string()
  .max(50_000_000)
  .refine((url) => DATA_IMAGE_URL.test(url) || APP_IMAGE_URL.test(url), {
    message: 'Images must be data:image/(png|jpeg|webp|gif);base64 URLs or app:// URLs',
  })

export const BookPage = z.strictObject({
  text: z.string().max(100_000),
  /** The illustration, or absent for a text-only page. */
  image: ImageUrl.optional(),
  /** What the picture shows, for screen readers. */
  alt: z.string().max(1_000).optional(),
})
export type BookPage = z.infer<typeof BookPage>

export const Storybook = z.strictObject({
  title: z.string().max(500),
  author: z.string().max(500).optional(),
  cover: ImageUrl.optional(),
  pages: z.array(BookPage).max(500),
  size: z.enum(pageSizes).default('a5'),
  layout: z.enum(layoutTemplates).default('picture-above'),
  font: z.enum(bookFonts).default('serif'),
  /** BCP 47 language of the text (picks the right CJK glyph forms); guessed from the text when absent. */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/)
    .optional(),
})
export type Storybook = z.infer<typeof Storybook>

/** An absolute path (POSIX or Windows) ending in .pdf, so an export never overwrites another kind of file. */
export const PdfPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(path), 'The PDF path must be absolute')
  .refine((path) => /\.pdf$/i.test(path), 'The PDF path must end in .pdf')

export interface BookLayoutResult {
  /** One self-contained HTML document: the preview shows it, the PDF prints it. */
  html: string
  /** Physical pages, cover included. */
  pages: number
}

export interface BookExportResult {
  out: string
  pages: number
}

/** Print resolutions a book exports at: screen (150 dpi) and print (300 dpi). */
export const printDpis = [150, 300] as const
export const PrintDpi = z.union([z.literal(150), z.literal(300)])
export type PrintDpi = z.infer<typeof PrintDpi>

/**
 * Progress of a PDF export: `pictures` (prepared for the chosen resolution), `layout` (pages),
 * `print` (PDF bytes), `write`.
 */
export type BookExportProgress = JobProgressUpdate<'pictures' | 'layout' | 'print' | 'write', { pages?: number; bytes?: number }>

export const bookCalls = {
  'book.layout': defineCall<BookLayoutResult>()(
    z.strictObject({ book: Storybook }),
    'The storybook as one HTML document: the preview and the PDF come from it.',
  ),
  'book.export': defineJob<BookExportResult, BookExportProgress>()(
    z.strictObject({
      book: Storybook,
      out: PdfPath,
      /** Replace an existing file that is not a PDF. */
      force: z.boolean().optional(),
      /** Print resolution: pictures with fewer pixels than the page needs are upscaled first. Default: as they are. */
      dpi: PrintDpi.optional(),
    }),
    'Write the storybook as a PDF (an existing file that is not a PDF only with force; at a print resolution when dpi is given: pictures upscaled to it); job.done carries {out, pages}.',
  ),
}
