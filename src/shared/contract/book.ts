import { z } from 'zod'
import { defineCall } from './define'
import type { JobRef } from './jobs'

export const pageSizes = ['a5', 'a4', 'letter', 'square'] as const
export const layoutTemplates = ['picture-above', 'full-bleed', 'facing-pages'] as const

export const BookPage = z.strictObject({
  text: z.string().max(100_000),
  /** A PNG or JPEG as a data: URL, or absent for a text-only page. */
  image: z.string().max(50_000_000).optional(),
})

export const Storybook = z.strictObject({
  title: z.string().max(500),
  author: z.string().max(500).optional(),
  cover: z.string().max(50_000_000).optional(),
  pages: z.array(BookPage).max(500),
  size: z.enum(pageSizes).default('a5'),
  layout: z.enum(layoutTemplates).default('picture-above'),
  font: z.string().max(100).optional(),
})
export type Storybook = z.infer<typeof Storybook>

export const bookCalls = {
  'book.layout': defineCall<{ html: string }>()(
    z.strictObject({ book: Storybook }),
    'The storybook as one HTML document: the preview and the PDF come from it.',
  ),
  'book.export': defineCall<JobRef>()(
    z.strictObject({ book: Storybook, out: z.string().min(1).max(4096) }),
    'Write the storybook as a PDF; job.done carries {out, pages}.',
  ),
}
