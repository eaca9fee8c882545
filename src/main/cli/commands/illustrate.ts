import { resolve } from 'node:path'
import { ImageRenderInput, schedulerNames } from '../../../shared/contract'
import { writeFileAtomic } from '../../studio/storage/atomic-file'
import { checkOutputFile } from '../../studio/storage/output-file'
import { action, parseInteger, parseNumber, withCommonOptions, withForceOption, type RegisterCommand } from '../command'
import { packFromOption, parseFlagValues } from '../model-options'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'

interface IllustrateOptions extends CommonOptions {
  pack?: string
  prompt: string
  negative?: string
  steps?: number
  guidance?: number
  scheduler?: string
  seed?: number
  width?: number
  height?: number
  out: string
  force?: boolean
}

/** Each render setting and the flag that sets it, to name the flag when a value is refused. */
const flagOf: Record<keyof Omit<ImageRenderInput, 'pack'>, string> = {
  prompt: '--prompt',
  negativePrompt: '--negative',
  steps: '--steps',
  guidance: '--guidance',
  scheduler: '--scheduler',
  seed: '--seed',
  width: '--width',
  height: '--height',
}

/**
 * `taleweaver illustrate`: renders a prompt to a PNG (settings embedded as its "parameters"
 * text). Shows the denoising steps on stderr, or prints `{out, seed, steps, scheduler,
 * provider, timings}` with --json.
 */
export const registerIllustrate: RegisterCommand = (program, session) => {
  withForceOption(withCommonOptions(program.command('illustrate')))
    .description('illustrate a prompt with an image pack and write a PNG')
    .requiredOption('--prompt <text>', 'what to draw (may be empty)')
    .requiredOption('--out <file.png>', 'where to write the PNG')
    .option('--pack <dir>', 'an image pack folder (default: the active image pack)')
    .option('--negative <text>', 'what to steer away from')
    .option('--steps <n>', 'denoising steps', parseInteger)
    .option('--guidance <g>', 'how strongly to follow the prompt (classifier-free guidance scale)', parseNumber)
    .option('--scheduler <name>', `denoising method: ${schedulerNames.join(', ')}`)
    .option('--seed <n>', 'the same seed and settings give the same picture', parseInteger)
    .option('--width <px>', 'width in pixels (the pack says which sizes it takes)', parseInteger)
    .option('--height <px>', 'height in pixels (the pack says which sizes it takes)', parseInteger)
    .action(
      action(session, async (options: IllustrateOptions) => {
        const request = renderInput(options)
        const out = resolve(options.out)
        await checkOutputFile(out, 'image/png', { force: options.force })
        const studio = await session.open(options)
        const pack = await packFromOption(studio, options.pack)
        const result = await runCliJob(
          studio,
          'image.render',
          { ...request, pack },
          {
            onProgress: ({ stage, step, total }) => {
              if (options.json || stage !== 'denoise') return
              // A terminal shows one line that counts up; a log gets one line per step.
              if (process.stderr.isTTY) process.stderr.write(`\rtaleweaver: step ${step}/${total}${step === total ? '\n' : ''}`)
              else process.stderr.write(`taleweaver: step ${step}/${total}\n`)
            },
          },
        )
        await writeFileAtomic(out, Buffer.from(result.pngBase64, 'base64'))
        for (const line of result.notices) notice(options, line)
        const { seed, steps, scheduler, provider, timings } = result
        printResult(options, { out, seed, steps, scheduler, provider, timings }, () => `${out} (seed ${seed}, ${steps} steps, ${scheduler}, ${provider})`)
      }),
    )
}

/** The render request given on the command line, checked with one line naming the flag. */
function renderInput(options: IllustrateOptions): Omit<ImageRenderInput, 'pack'> {
  return parseFlagValues(
    ImageRenderInput.omit({ pack: true }),
    {
      prompt: options.prompt,
      negativePrompt: options.negative,
      steps: options.steps,
      guidance: options.guidance,
      scheduler: options.scheduler,
      seed: options.seed,
      width: options.width,
      height: options.height,
    },
    flagOf,
  )
}
