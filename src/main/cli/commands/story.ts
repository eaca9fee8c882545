import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Option } from 'commander'
import { bookFonts, layoutTemplates, pageSizes, stylePresets, type BookFont, type LayoutTemplate, type PageSize, type PrintDpi, type StylePreset } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { DEFAULT_PAGES, makeWholeBook, TOKENS_PER_PAGE } from '../../studio/core/whole-book'
import { DOCUMENT_FILE, ProjectFolder } from '../../studio/projects/project-folder'
import { ProjectSession } from '../../studio/projects/project-session'
import { newDocument, ProjectStore } from '../../studio/projects/project-store'
import { storyOf } from '../../studio/projects/story-text'
import { resolveDataDir } from '../../studio/core/paths'
import { checkOutputFile } from '../../studio/storage/output-file'
import { action, parseDpi, parseInteger, withCommonOptions, withForceOption, type RegisterCommand } from '../command'
import { notice, printResult, type CommonOptions } from '../output'
import { bookJobListeners, projectWork } from '../project-work'
import { summarizeProject } from '../project-summary'
import { whileInterruptible } from '../run-job'

interface StoryOptions extends CommonOptions {
  out: string
  project?: string
  title?: string
  author?: string
  pages: number
  style: StylePreset
  maxNewTokens?: number
  seed?: number
  steps?: number
  size: PageSize
  layout: LayoutTemplate
  font: BookFont
  dpi: PrintDpi
  force?: boolean
}

/**
 * `taleweaver story "<opening>" --out book.pdf`: the main job, on a project that it keeps (a new
 * one in the data folder, or `--project DIR`). Continues the opening with the active text pack
 * (streamed to the terminal), draws a picture for every page with the active image pack and
 * writes the storybook PDF. Ctrl+C cancels; `project resume` finishes a job that was cut short.
 */
export const registerStory: RegisterCommand = (program, session) => {
  withForceOption(withCommonOptions(program.command('story')))
    .description('continue a story opening, illustrate every page and write the storybook PDF (the project is kept)')
    .argument('<opening>', 'the opening of the story, in quotes')
    .option('--out <file.pdf>', 'where to write the PDF', 'storybook.pdf')
    .option('--project <dir>', 'the project folder to make (default: a new one in the data folder)')
    .option('--title <text>', "the book's title (default: from the main character)")
    .option('--author <name>', 'the author shown on the cover')
    .option('--pages <n>', 'pages, each with a picture', parseInteger, DEFAULT_PAGES)
    .addOption(new Option('--style <preset>', 'illustration style').choices(stylePresets).default('watercolor'))
    .option('--max-new-tokens <n>', `length of the continuation, in tokens (default: ${TOKENS_PER_PAGE} per page)`, parseInteger)
    .option('--seed <n>', 'seed for the continuation (the same seed gives the same story)', parseInteger)
    .option('--steps <n>', 'denoising steps per picture (default: the image pack’s)', parseInteger)
    .addOption(new Option('--size <size>', 'page size').choices(pageSizes).default('a5'))
    .addOption(new Option('--layout <template>', 'page template').choices(layoutTemplates).default('picture-above'))
    .addOption(new Option('--font <font>', 'typeface').choices(bookFonts).default('serif'))
    .option('--dpi <dpi>', 'print resolution, 150 (screen) or 300 (print): pictures smaller than their printed size are upscaled to it', parseDpi, 150)
    .action(
      action(session, async (opening: string, options: StoryOptions) => {
        if (opening.trim() === '') throw new ContractError('invalid-input', 'Write the opening of a story, e.g. taleweaver story "Once upon a time, a little fox".')
        if (options.pages < 1 || options.pages > 200) throw new ContractError('invalid-input', '--pages must be between 1 and 200.')
        const out = resolve(options.out)
        // Before the project, the story and the pictures: a bad destination would waste them all.
        await checkOutputFile(out, 'application/pdf', { force: options.force })
        const document = { ...newDocument(options.title ?? '', opening, options.style), book: { size: options.size, layout: options.layout, font: options.font } }
        if (options.author) document.author = options.author
        const folder = await createProjectFolder(options, document)
        notice(options, `The project is kept in ${folder.dir}`)
        const studio = await session.open(options)
        const project = await ProjectSession.open(folder)
        if (!options.json) process.stdout.write(opening)
        const request = { pages: options.pages, maxNewTokens: options.maxNewTokens, seed: options.seed, steps: options.steps, out, dpi: options.dpi, force: options.force }
        const result = await whileInterruptible((signal) => makeWholeBook(projectWork(studio), project, request, bookJobListeners(options, signal)))
        const summary = summarizeProject(project)
        const pictures = summary.scenes.filter((scene) => scene.picture).length
        printResult(options, { ...result, project: folder.dir, ...summary, story: storyOf(project.document) }, () =>
          `Wrote ${result.out}: "${summary.title}", ${result.pages} pages, ${pictures} ${pictures === 1 ? 'picture' : 'pictures'}.\nThe project is in ${folder.dir}`,
        )
      }),
    )
}

/** The project's folder, made with its first document: `--project DIR` (which must not hold one yet) or a new one in the data folder. */
async function createProjectFolder(options: StoryOptions, document: ReturnType<typeof newDocument>): Promise<ProjectFolder> {
  if (!options.project) return (await new ProjectStore(resolveDataDir(options.dataDir)).create(document)).folder
  const folder = new ProjectFolder(resolve(options.project))
  if (existsSync(folder.documentPath)) {
    throw new ContractError('invalid-input', `${folder.dir} already holds a project (${DOCUMENT_FILE}); finish it with "taleweaver project resume" or choose another folder.`)
  }
  await folder.save(document, new Date().toISOString())
  return folder
}
