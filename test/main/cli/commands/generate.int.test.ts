import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

const bin = join(import.meta.dirname, '../../../../bin/taleweaver.js')
let home: string
let pack: string

/** Runs the real command line in a child process with its own data folder. */
async function taleweaver(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, TALEWEAVER_HOME: home }, timeout: 120_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
  pack = (await fixturePacks())[TEXT_FIXTURES.gpt2]
})
afterAll(() => rm(home, { recursive: true, force: true }))

const GREEDY = ['--prompt', 'Once upon a time', '--greedy', '--max-new-tokens', '8', '--repetition-penalty', '1', '--no-repeat-ngram', '0']

describe('taleweaver generate', () => {
  it('prints one JSON object with --json, and streams the same text without it', async () => {
    const json = await taleweaver('generate', '--pack', pack, ...GREEDY, '--json')
    expect(json.code).toBe(0)
    const result = JSON.parse(json.stdout)
    expect(result).toMatchObject({ tokens: 8, provider: 'cpu', stopReason: 'max-tokens' })
    expect(result.promptTokens).toBeGreaterThan(0)
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['loadMs', 'prefillMs', 'decodeMs', 'tokensPerSecond']))

    const streamed = await taleweaver('generate', '--pack', pack, ...GREEDY)
    expect(streamed.code).toBe(0)
    expect(streamed.stdout).toBe(`${result.text}\n`)
  })

  it('starts an empty prompt from end-of-text', async () => {
    const { code, stdout } = await taleweaver('generate', '--pack', pack, '--prompt', '', '--seed', '1', '--max-new-tokens', '3', '--json')
    expect(code).toBe(0)
    expect(JSON.parse(stdout).promptTokens).toBe(1)
  })

  it('refuses invalid options with one line naming the option and a non-zero exit', async () => {
    const tooHot = await taleweaver('generate', '--pack', pack, '--prompt', 'x', '--temperature', '50')
    expect(tooHot.code).toBe(2)
    expect(tooHot.stderr.trim().split('\n')).toEqual(['taleweaver: --temperature: must be <=10.'])
    const notANumber = await taleweaver('generate', '--pack', pack, '--prompt', 'x', '--top-k', 'many')
    expect(notANumber.code).not.toBe(0)
    expect(notANumber.stderr.split('\n')[0]).toContain("'--top-k <k>' argument 'many' is invalid")
    const minAboveMax = await taleweaver('generate', '--pack', pack, '--prompt', 'x', '--min-new-tokens', '9', '--max-new-tokens', '3', '--json')
    expect(minAboveMax.code).toBe(2)
    expect(JSON.parse(minAboveMax.stdout).error).toMatchObject({ code: 'invalid-input' })
  })

  it('says clearly when the folder is not a usable pack', async () => {
    const { code, stderr } = await taleweaver('generate', '--pack', home, '--prompt', 'x')
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('taleweaver tokenize', () => {
  it('prints {ids, count} for a text pack', async () => {
    const { code, stdout } = await taleweaver('tokenize', '--pack', pack, 'Once upon a time', '--json')
    expect(code).toBe(0)
    const { ids, count } = JSON.parse(stdout)
    expect(count).toBe(ids.length)
    expect(count).toBeGreaterThan(2)
  })
})
