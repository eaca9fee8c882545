import { resolve } from 'node:path'
import { ImageRenderInput, schedulerNames } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import type { Studio } from '../../studio/core/studio'
import { readPictureRecord } from '../../studio/projects/picture-record'
import { writeFileAtomic } from '../../studio/storage/atomic-file'
import { checkOutputFile } from '../../studio/storage/output-file'
import { action, parseInteger, parseNumber, withCommonOptions, withForceOption, type RegisterCommand } from '../command'
import { packFromOption, parseFlagValues } from '../model-options'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'

interface IllustrateOptions extends CommonOptions {
  pack?: string
  fromRecord?: string
  prompt?: string
  chinesePrompt?: string
  negative?: string
  steps?: number
  guidance?: number
  scheduler?: string
  seed?: number
  width?: number
  height?: number
  out?: string
  force?: boolean
}

/** Each render setting and the flag that sets it, to name the flag when a value is refused. */
const flagOf: Record<keyof Omit<ImageRenderInput, 'pack'>, string> = {
  prompt: '--prompt',
  chinesePrompt: '--chinese-prompt',
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
    .option('--prompt <text>', 'what to draw (may be empty)')
    .option('--out <file.png>', 'where to write the PNG (with --from-record: default <picture>.rebuilt.png)')
    .option('--from-record <picture.png>', 'draw again a picture Taleweaver made, from the record embedded in it')
    .option('--pack <dir>', 'an image pack folder (default: the active image pack)')
    .option('--chinese-prompt <text>', 'the same picture described in Chinese, for packs whose text encoder reads Chinese')
    .option('--negative <text>', 'what to steer away from')
    .option('--steps <n>', 'denoising steps', parseInteger)
    .option('--guidance <g>', 'how strongly to follow the prompt (classifier-free guidance scale)', parseNumber)
    .option('--scheduler <name>', `denoising method: ${schedulerNames.join(', ')}`)
    .option('--seed <n>', 'the same seed and settings give the same picture', parseInteger)
    .option('--width <px>', 'width in pixels (the pack says which sizes it takes)', parseInteger)
    .option('--height <px>', 'height in pixels (the pack says which sizes it takes)', parseInteger)
    .action(
      action(session, async (options: IllustrateOptions) => {
        const { request, out, pack: packOption } = await requestOf(options)
        await checkOutputFile(out, 'image/png', { force: options.force })
        const studio = await session.open(options)
        const pack = packOption ?? (await packFromOption(studio, options.pack))
        if (options.fromRecord) await checkRecordPack(studio, options.fromRecord, pack, options)
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

/** What to draw and where: from the flags, or from a picture's embedded record. */
async function requestOf(options: IllustrateOptions): Promise<{ request: Omit<ImageRenderInput, 'pack'>; out: string; pack?: string }> {
  if (options.fromRecord) {
    if (options.prompt !== undefined) throw new ContractError('invalid-input', '--from-record draws the recorded prompt; leave out --prompt.')
    const source = resolve(options.fromRecord)
    const { pack, prompt, negativePrompt, seed, scheduler, steps, guidance, width, height } = await readPictureRecord(source)
    return { request: { prompt, negativePrompt, seed, scheduler, steps, guidance, width, height }, out: resolve(options.out ?? source.replace(/(\.png)?$/i, '.rebuilt.png')), pack: options.pack === undefined ? pack.id : undefined }
  }
  if (options.prompt === undefined || options.out === undefined) throw new ContractError('invalid-input', 'Give --prompt and --out (or --from-record <picture.png>).')
  return { request: renderInput(options, options.prompt), out: resolve(options.out) }
}

/** Warns when the pack named in a record no longer has the files it had: the picture may come out different. */
async function checkRecordPack(studio: Studio, picture: string, packId: string | undefined, options: IllustrateOptions): Promise<void> {
  const record = await readPictureRecord(resolve(picture))
  const pack = await studio.packs.resolve('image', packId)
  const now = new Map((pack.files ?? []).map((file) => [file.path, file.sha256]))
  const changed = record.pack.files.filter((file) => now.get(file.path) !== file.sha256).map((file) => file.path)
  if (changed.length > 0) notice(options, `The pack ${pack.id} differs from the one that drew ${picture} (${changed.join(', ')}); the picture may differ.`)
}

/** The render request given on the command line, checked with one line naming the flag. */
function renderInput(options: IllustrateOptions, prompt: string): Omit<ImageRenderInput, 'pack'> {
  return parseFlagValues(
    ImageRenderInput.omit({ pack: true }),
    {
      prompt,
      chinesePrompt: options.chinesePrompt,
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
