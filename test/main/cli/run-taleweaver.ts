import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'

const bin = join(import.meta.dirname, '../../../bin/taleweaver.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real command line in a child process, its environment being this one's plus `env`
 * (a test gives it its own data folder as TALEWEAVER_HOME, and whatever else it fakes).
 */
export async function runTaleweaver(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as CliRun
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
