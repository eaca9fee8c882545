import { readdir } from 'node:fs/promises'
import sharp from 'sharp'
import { basename, extname, join, resolve } from 'node:path'
import { Option } from 'commander'
import { bookFonts, layoutTemplates, MAX_SCENES, pageSizes, type BookFont, type PrintDpi, type LayoutTemplate, type PageSize } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { pagesFromScenes } from '../../studio/book/from-scenes'
import { fileTypeOf } from '../../formats/file-types'
import { readInputFile } from '../../studio/storage/input-file'
import { checkOutputFile } from '../../studio/storage/output-file'
import { action, parseDpi, withCommonOptions, withForceOption, type RegisterCommand } from '../command'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'
import { readStory } from './scenes'

interface BookOptions extends CommonOptions {
  story: string
  images?: string
  out: string
  title?: string
  author?: string
  size: PageSize
  layout: LayoutTemplate
  font: BookFont
  dpi?: PrintDpi
  force?: boolean
}

/** The largest picture file read; a book page needs far less. */
const MAX_PICTURE_BYTES = 50 * 2 ** 20
const PICTURE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif'])

/**
 * `taleweaver book`: lays out a story and its pictures as a storybook PDF. The story is cut into
 * as many scenes as there are pictures (in file-name order); each page carries a scene's text
 * with its picture.
 */
export const registerBook: RegisterCommand = (program, session) => {
  withForceOption(withCommonOptions(program.command('book')))
    .description('lay out a story and its pictures as a storybook PDF')
    .requiredOption('--story <file>', 'the story, a UTF-8 text file ("-" reads standard input)')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--images <dir>', 'a folder of pictures (PNG, JPEG, WebP, GIF), one per scene in file-name order')
    .option('--title <text>', "the book's title (default: the story's first line when it is a heading, else the file name)")
    .option('--author <name>', 'the author shown on the cover')
    .addOption(new Option('--size <size>', 'page size').choices(pageSizes).default('a5'))
    .addOption(new Option('--layout <template>', 'page template').choices(layoutTemplates).default('picture-above'))
    .addOption(new Option('--font <font>', 'typeface').choices(bookFonts).default('serif'))
    .option('--dpi <dpi>', 'print resolution, 150 (screen) or 300 (print): pictures smaller than their printed size are upscaled to it', parseDpi)
    .action(
      action(session, async (options: BookOptions) => {
        const out = resolve(options.out)
        await checkOutputFile(out, 'application/pdf', { force: options.force })
        const story = await readStory(options.story)
        const pictures = options.images ? await readPictures(options.images) : []
        const { title, body } = titleOf(story, options)
        const studio = await session.open(options)
        const count = pictures.length > 0 ? Math.min(pictures.length, MAX_SCENES) : undefined
        const { scenes, notices } = await studio.call('scenes.extract', { story: body, count })
        for (const line of notices) notice(options, line)
        if (pictures.length > scenes.length) notice(options, `${pictures.length - scenes.length} picture(s) left over: the story gives only ${scenes.length} scenes.`)
        const pages = pagesFromScenes(body, scenes.map((scene) => scene.span), pictures)
        const result = await runCliJob(
          studio,
          'book.export',
          { book: { title, author: options.author, pages, size: options.size, layout: options.layout, font: options.font }, out, dpi: options.dpi, force: options.force },
          { onProgress: ({ stage, step, total }) => notice(options, stage === 'pictures' ? `pictures for print ${step}/${total}…` : `${stage}…`) },
        )
        printResult(options, { ...result, scenes: scenes.length }, () => `Wrote ${result.out} (${result.pages} pages, ${scenes.length} scenes).`)
      }),
    )
}

/** The pictures of a folder, in natural file-name order ("2.png" before "10.png"), as data: URLs. */
async function readPictures(folder: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    throw new ContractError('io', `Could not read the pictures folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
  }
  const files = names.filter((name) => PICTURE_EXTENSIONS.has(extname(name).toLowerCase())).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  if (files.length === 0) throw new ContractError('invalid-input', `No pictures (.png, .jpg, .webp, .gif) in ${folder}.`)
  return Promise.all(
    files.map(async (name) => {
      const bytes = await readInputFile(join(folder, name), 'the picture', MAX_PICTURE_BYTES)
      const type = fileTypeOf(bytes)
      if (!type?.startsWith('image/')) throw new ContractError('invalid-input', `${join(folder, name)} is not a PNG, JPEG, WebP or GIF picture.`)
      // A damaged picture would print as a blank box: decode it now and name it if that fails.
      await sharp(bytes).stats().catch(() => {
        throw new ContractError('invalid-input', `${join(folder, name)} is damaged: it cannot be read as a picture.`)
      })
      return `data:${type};base64,${bytes.toString('base64')}`
    }),
  )
}

/** The title: --title, else a short first line standing alone as a heading, else the file name. */
function titleOf(story: string, options: BookOptions): { title: string; body: string } {
  if (options.title !== undefined) return { title: options.title, body: story }
  const heading = /^\s*([^\n]{1,80})\n[^\S\n]*\n/.exec(story)
  if (heading && !/[.!?。！？]$/.test(heading[1].trim())) return { title: heading[1].trim(), body: story.slice(heading[0].length) }
  const name = options.story === '-' ? 'Storybook' : basename(options.story, extname(options.story))
  return { title: name, body: story }
}
