import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ImageUpscaleInput } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { writeFileAtomic } from '../../studio/storage/atomic-file'
import { action, parseInteger, withCommonOptions, type RegisterCommand } from '../command'
import { packFromIdOrFolder, parseFlagValues } from '../model-options'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'

interface UpscaleOptions extends CommonOptions {
  pack?: string
  in: string
  out: string
  scale?: number
  tile?: number
}

/**
 * `taleweaver upscale`: enlarges a PNG with an upscaler pack (tile by tile), keeping its
 * generation record and adding the upscale step to it. Shows the tiles on stderr, or prints
 * `{out, width, height, scale, tiles, provider, timings}` with --json.
 */
export const registerUpscale: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('upscale'))
    .description('enlarge a PNG with an upscaler pack, keeping its generation record')
    .requiredOption('--in <file.png>', 'the picture to enlarge')
    .requiredOption('--out <file.png>', 'where to write the enlarged PNG')
    .option('--pack <id|dir>', 'an upscaler pack id or folder (default: the active upscaler)')
    .option('--scale <n>', 'how many times wider and taller: 2 or 4 (default: the pack’s)', parseInteger)
    .option('--tile <px>', 'tile edge in input pixels (default: the model’s, else what fits in memory)', parseInteger)
    .action(
      action(session, async (options: UpscaleOptions) => {
        const { scale, tile } = parseFlagValues(ImageUpscaleInput.pick({ scale: true, tile: true }), { scale: options.scale, tile: options.tile }, { scale: '--scale', tile: '--tile' })
        const png = await readFile(options.in).catch((error: NodeJS.ErrnoException) => {
          throw new ContractError('not-found', `Could not read ${options.in}: ${error.code ?? String(error)}.`)
        })
        const out = resolve(options.out)
        const studio = await session.open(options)
        const pack = await packFromIdOrFolder(studio, options.pack)
        const result = await runCliJob(
          studio,
          'image.upscale',
          { pack, pngBase64: png.toString('base64'), scale, tile },
          {
            onProgress: ({ stage, step, total }) => {
              if (options.json || stage !== 'tile') return
              if (process.stderr.isTTY) process.stderr.write(`\rtaleweaver: tile ${step}/${total}${step === total ? '\n' : ''}`)
              else process.stderr.write(`taleweaver: tile ${step}/${total}\n`)
            },
          },
        )
        await writeFileAtomic(out, Buffer.from(result.pngBase64, 'base64'))
        for (const line of result.notices) notice(options, line)
        const { width, height, tiles, provider, timings } = result
        printResult(options, { out, width, height, scale: result.scale, tiles, tile: result.tile, provider, timings }, () => `${out} (${width} x ${height}, x${result.scale}, ${tiles} tiles, ${provider})`)
      }),
    )
}
