import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, '../../../bin/taleweaver.js')

export function taleweaver(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, timeout: 120_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('taleweaver command line', () => {
  it('lists its commands with --help', () => {
    const { code, stdout } = taleweaver(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: taleweaver')
    expect(stdout).toMatch(/serve\b/)
  })

  it('exits non-zero with one line for an unknown command or a bad option', () => {
    const unknown = taleweaver(['frobnicate'])
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr.trim().split('\n')[0]).toContain('unknown command')
    const badPort = taleweaver(['serve', '--port', 'many'])
    expect(badPort.code).not.toBe(0)
    expect(badPort.stderr).toContain('Expected a whole number')
  })
})
