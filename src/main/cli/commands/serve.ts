import { resolve } from 'node:path'
import { defaultRendererDir, requireBuiltRenderer } from '../../server/renderer-bundle'
import { startStudioServer } from '../../server/studio-server'
import { parseInteger, withCommonOptions, type RegisterCommand } from '../command'
import { printFailure, printResult, type CommonOptions } from '../output'

interface ServeOptions extends CommonOptions {
  port?: number
  outputDir: string[]
}

/** `taleweaver serve`: the studio in a browser, on this machine only, until Ctrl+C. */
export const registerServe: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('serve'))
    .description('run the studio in your browser (http://127.0.0.1:PORT/?token=…, only for whoever has the URL)')
    .option('--port <n>', 'port to listen on (default: 4173)', parseInteger, 4173)
    .option('--output-dir <dir>', 'a folder the studio may write books and pictures to, besides the data folder (repeatable; default: the current folder)', collectFolder, [])
    .action(async (options: ServeOptions) => {
      try {
        const rendererDir = requireBuiltRenderer(defaultRendererDir())
        const writableFolders = options.outputDir.length > 0 ? options.outputDir : [process.cwd()]
        const studio = await session.open({ ...options, writableFolders })
        const server = await startStudioServer({ studio, rendererDir, port: options.port })
        printResult(options, { url: server.url }, () => `Taleweaver studio: ${server.url}  (Ctrl+C to stop)`)
        const stop = async () => {
          await server.close()
          await session.close()
          process.exit(0)
        }
        process.once('SIGINT', () => void stop())
        process.once('SIGTERM', () => void stop())
      } catch (error) {
        printFailure(options, error)
        await session.close()
      }
    })
}

function collectFolder(folder: string, folders: string[]): string[] {
  return [...folders, resolve(folder)]
}
