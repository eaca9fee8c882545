import { toErrorData } from '../../shared/errors'

/** Options every command accepts. */
export interface CommonOptions {
  json?: boolean
  dataDir?: string
}

/**
 * Prints a command's result: the object as one JSON line with --json, else the human text.
 * Human output goes to stdout; notices go to stderr so that stdout stays the result.
 */
export function printResult(options: CommonOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : ensureNewline(human()))
}

/** A notice for a person (trimmed prompt, fallback provider); never mixed into --json output. */
export function notice(options: CommonOptions, message: string): void {
  if (!options.json) process.stderr.write(`taleweaver: ${message}\n`)
}

/** Reports a failure as one line (or one JSON object) and sets a non-zero exit code. */
export function printFailure(options: CommonOptions, error: unknown): void {
  const data = toErrorData(error)
  if (options.json) process.stdout.write(`${JSON.stringify({ error: data })}\n`)
  else process.stderr.write(`taleweaver: ${data.message.split('\n')[0]}\n`)
  process.exitCode = data.code === 'invalid-input' ? 2 : 1
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
