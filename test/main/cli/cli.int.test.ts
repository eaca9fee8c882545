import { describe, expect, it } from 'vitest'
import { runTaleweaver as taleweaver } from './run-taleweaver'

describe('taleweaver command line', () => {
  it('lists its commands with --help', async () => {
    const { code, stdout } = await taleweaver(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: taleweaver')
    expect(stdout).toMatch(/serve\b/)
  })

  it('exits non-zero with one line for an unknown command or a bad option', async () => {
    const unknown = await taleweaver(['frobnicate'])
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr.trim().split('\n')[0]).toContain('unknown command')
    const badPort = await taleweaver(['serve', '--port', 'many'])
    expect(badPort.code).not.toBe(0)
    expect(badPort.stderr).toContain('Expected a whole number')
  })
})
