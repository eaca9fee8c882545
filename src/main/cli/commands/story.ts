import { resolve } from 'node:path'
import { Option } from 'commander'
import { bookFonts, layoutTemplates, MAX_SCENES, pageSizes, stylePresets, type BookFont, type LayoutTemplate, type PageSize, type StylePreset } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { makeWholeBook } from '../../studio/core/whole-book'
import { checkOutputFile } from '../../studio/storage/output-file'
import { action, parseInteger, withCommonOptions, withForceOption, type RegisterCommand } from '../command'
import { notice, printResult, type CommonOptions } from '../output'
import { whileInterruptible } from '../run-job'

interface StoryOptions extends CommonOptions {
  out: string
  title?: string
  author?: string
  scenes?: number
  style: StylePreset
  maxNewTokens: number
  seed?: number
  steps?: number
  size: PageSize
  layout: LayoutTemplate
  font: BookFont
  force?: boolean
}

/**
 * `taleweaver story "<opening>" --out book.pdf`: the main job. Continues the opening with the
 * active text pack (streamed to the terminal), illustrates its key scenes with the active image
 * pack and writes the storybook PDF. Ctrl+C cancels the step in progress.
 */
export const registerStory: RegisterCommand = (program, session) => {
  withForceOption(withCommonOptions(program.command('story')))
    .description('continue a story opening, illustrate its key scenes and write the storybook PDF')
    .argument('<opening>', 'the opening of the story, in quotes')
    .option('--out <file.pdf>', 'where to write the PDF', 'storybook.pdf')
    .option('--title <text>', "the book's title (default: from the main character)")
    .option('--author <name>', 'the author shown on the cover')
    .option('--scenes <n>', `how many scenes to illustrate, 1-${MAX_SCENES} (default: about one per 120 words)`, parseInteger)
    .addOption(new Option('--style <preset>', 'illustration style').choices(stylePresets).default('watercolor'))
    .option('--max-new-tokens <n>', 'length of the continuation, in tokens', parseInteger, 200)
    .option('--seed <n>', 'seed for the continuation (the same seed gives the same story)', parseInteger)
    .option('--steps <n>', 'denoising steps per picture (default: the image pack’s)', parseInteger)
    .addOption(new Option('--size <size>', 'page size').choices(pageSizes).default('a5'))
    .addOption(new Option('--layout <template>', 'page template').choices(layoutTemplates).default('picture-above'))
    .addOption(new Option('--font <font>', 'typeface').choices(bookFonts).default('serif'))
    .action(
      action(session, async (opening: string, options: StoryOptions) => {
        if (opening.trim() === '') throw new ContractError('invalid-input', 'Write the opening of a story, e.g. taleweaver story "Once upon a time, a little fox".')
        const out = resolve(options.out)
        // Before the story, the pictures and the layout: a bad destination would waste them all.
        await checkOutputFile(out, 'application/pdf', { force: options.force })
        const studio = await session.open(options)
        if (!options.json) process.stdout.write(opening)
        const request = {
          opening,
          out,
          force: options.force,
          title: options.title,
          author: options.author,
          scenes: options.scenes,
          style: options.style,
          maxNewTokens: options.maxNewTokens,
          seed: options.seed,
          steps: options.steps,
          size: options.size,
          layout: options.layout,
          font: options.font,
        }
        const result = await whileInterruptible((signal) =>
          makeWholeBook(studio, request, {
            signal,
            onToken: (text) => options.json || process.stdout.write(text),
            onStage: (stage, detail) => {
              if (stage === 'scenes' && !options.json) process.stdout.write('\n\n')
              notice(options, `${detail}…`)
            },
          }),
        )
        printResult(options, result, () => `Wrote ${result.out}: "${result.title}", ${result.pages} pages, ${result.scenes.length} ${result.scenes.length === 1 ? 'picture' : 'pictures'}.`)
      }),
    )
}
