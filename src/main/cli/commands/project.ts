import { resolve } from 'node:path'
import { ContractError } from '../../../shared/errors'
import { runJob } from '../../../shared/run-job'
import { drawScene } from '../../studio/core/projects/draw-scene'
import { storybookOf } from '../../studio/core/projects/project-book'
import { makeWholeBook } from '../../studio/core/whole-book'
import { ProjectFolder } from '../../studio/projects/project-folder'
import { ProjectSession } from '../../studio/projects/project-session'
import type { PrintDpi } from '../../../shared/contract'
import { action, parseDpi, parseInteger, withCommonOptions, type RegisterCommand } from '../command'
import { printResult, type CommonOptions } from '../output'
import { bookJobListeners, projectWork } from '../project-work'
import { describeProject, summarizeProject } from '../project-summary'
import type { CliSession } from '../session'
import { whileInterruptible } from '../run-job'

interface RedoOptions extends CommonOptions {
  scene: number
  seed?: number
  steps?: number
}

/**
 * `taleweaver project show|redo|resume|export DIR`: work on a kept project. Each opens the
 * folder (cleaning what an interrupted save left), changes only what it names, and saves.
 */
export const registerProject: RegisterCommand = (program, session) => {
  const project = program.command('project').description('show, redraw, resume or export a kept project')

  withCommonOptions(project.command('show'))
    .description('the project: its scenes and chosen pictures, with their files and records')
    .argument('<dir>', 'the project folder')
    .action(
      action(session, async (dir: string, options: CommonOptions) => {
        const opened = await ProjectSession.open(new ProjectFolder(resolve(dir)))
        const summary = summarizeProject(opened)
        printResult(options, summary, () => describeProject(summary))
      }),
    )

  withCommonOptions(project.command('redo'))
    .description('draw one scene again as its new chosen picture; every other picture and the rest of the document stay as they are')
    .argument('<dir>', 'the project folder')
    .requiredOption('--scene <n>', 'the scene (page) to redraw, from 1', parseInteger)
    .option('--seed <n>', 'the seed (default: a new one)', parseInteger)
    .option('--steps <n>', 'denoising steps (default: the image pack’s)', parseInteger)
    .action(
      action(session, async (dir: string, options: RedoOptions) => {
        const opened = await openForWork(session, dir, options)
        const scene = opened.project.document.scenes[options.scene - 1]
        if (!scene) throw new ContractError('invalid-input', `--scene must be between 1 and ${opened.project.document.scenes.length}.`)
        const variantId = await whileInterruptible((signal) =>
          drawScene(opened.studio, opened.project, scene.id, { seed: options.seed ?? 'new', steps: options.steps, signal }),
        )
        const file = opened.project.folder.picturePath(variantId)
        const record = opened.project.document.scenes[options.scene - 1].variants.at(-1)?.record
        printResult(options, { scene: options.scene, file, record }, () => `Scene ${options.scene}: ${file} (seed ${record?.seed})`)
      }),
    )

  withCommonOptions(project.command('resume'))
    .description('finish a book job that was interrupted (finished pictures are kept)')
    .argument('<dir>', 'the project folder')
    .action(
      action(session, async (dir: string, options: CommonOptions) => {
        const opened = await openForWork(session, dir, options)
        const result = await whileInterruptible((signal) => makeWholeBook(projectWork(opened.studio), opened.project, null, bookJobListeners(options, signal)))
        const summary = summarizeProject(opened.project)
        printResult(options, { ...result, ...summary }, () => `Finished ${summary.title}: ${result.pages} pages, ${result.drawn} drawn now${result.out ? `, written to ${result.out}` : ''}.`)
      }),
    )

  withCommonOptions(project.command('export'))
    .description('write the project as a storybook PDF')
    .argument('<dir>', 'the project folder')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--dpi <dpi>', 'print resolution, 150 (screen) or 300 (print): pictures smaller than their printed size are upscaled to it', parseDpi)
    .action(
      action(session, async (dir: string, options: CommonOptions & { out: string; dpi?: PrintDpi }) => {
        const opened = await openForWork(session, dir, options)
        const book = await storybookOf(opened.project.document, opened.project.folder)
        const exported = await whileInterruptible((signal) => runJob(opened.studio, 'book.export', { book, out: resolve(options.out), dpi: options.dpi }, { signal }))
        printResult(options, exported, () => `Wrote ${exported.out}: ${exported.pages} pages.`)
      }),
    )
}

/** The project and a studio to work on it with. */
async function openForWork(session: CliSession, dir: string, options: CommonOptions) {
  const project = await ProjectSession.open(new ProjectFolder(resolve(dir)))
  return { project, studio: await session.open(options) }
}
