import { Command, InvalidArgumentError } from 'commander'
import { printDpis, type PrintDpi } from '../../shared/contract'
import { printFailure, type CommonOptions } from './output'
import type { CliSession } from './session'

/** Each command module registers itself on the program with access to the lazy studio. */
export type RegisterCommand = (program: Command, session: CliSession) => void

/** Adds the options every command takes. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON object instead of text (for scripts)')
    .option('--data-dir <dir>', 'data folder (default: $TALEWEAVER_HOME, else the platform app-data folder)')
}

/** `--force`, for commands that write a file: replace an existing file of another type. */
export function withForceOption(command: Command): Command {
  return command.option('--force', 'replace the output file even when it holds another kind of file')
}

/**
 * Wraps a command's action: failures become one line on stderr (or `{error}` with --json) and
 * a non-zero exit code, and the studio is closed however the command ends.
 */
export function action<Args extends unknown[]>(session: CliSession, run: (...args: Args) => Promise<void>) {
  return async (...args: Args) => {
    const command = args[args.length - 1] as Command
    const options = command.optsWithGlobals() as CommonOptions
    try {
      await run(...args)
    } catch (error) {
      printFailure(options, error)
    } finally {
      await session.close()
    }
  }
}

/** Option parsers that reject junk with one clear line before anything runs. */
export function parseInteger(value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number)) throw new InvalidArgumentError('Expected a whole number.')
  return number
}

export function parseNumber(value: string): number {
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('Expected a number.')
  return number
}

/** A print resolution: one of the book's (150 for screens, 300 for print). */
export function parseDpi(value: string): PrintDpi {
  const dpi = Number(value)
  if (!(printDpis as readonly number[]).includes(dpi)) throw new InvalidArgumentError(`Allowed choices are ${printDpis.join(', ')}.`)
  return dpi as PrintDpi
}
