import { defaultRendererDir, requireBuiltRenderer } from '../../server/renderer-bundle'
import { startStudioServer } from '../../server/studio-server'
import { parseInteger, withCommonOptions, type RegisterCommand } from '../command'
import { printFailure, printResult, type CommonOptions } from '../output'

interface ServeOptions extends CommonOptions {
  port?: number
}

/** `taleweaver serve`: the studio in a browser, on this machine only, until Ctrl+C. */
export const registerServe: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('serve'))
    .description('run the studio in your browser (http://127.0.0.1:PORT)')
    .option('--port <n>', 'port to listen on (default: 4173)', parseInteger, 4173)
    .action(async (options: ServeOptions) => {
      try {
        const rendererDir = requireBuiltRenderer(defaultRendererDir())
        const studio = await session.open(options)
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
