import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { runTaleweaver } from '../run-taleweaver'

let home: string
let pack: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

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

  it('passes every sampling flag on (an n-gram ban changes a repetitive greedy text)', async () => {
    const base = ['generate', '--pack', pack, '--prompt', 'Once upon a time', '--greedy', '--max-new-tokens', '8', '--repetition-penalty', '1', '--json']
    const free = JSON.parse((await taleweaver(...base, '--no-repeat-ngram', '0')).stdout)
    const banned = JSON.parse((await taleweaver(...base, '--no-repeat-ngram', '2')).stdout)
    expect(banned.text).not.toBe(free.text)
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

  it('uses the active text pack without --pack', async () => {
    const imported = await taleweaver('packs', 'import', pack, '--json')
    expect(imported.code).toBe(0)
    expect((await taleweaver('packs', 'use', JSON.parse(imported.stdout).pack.id)).code).toBe(0)
    const viaRegistry = await taleweaver('generate', ...GREEDY, '--json')
    const viaFolder = await taleweaver('generate', '--pack', pack, ...GREEDY, '--json')
    expect(viaRegistry.code).toBe(0)
    expect(JSON.parse(viaRegistry.stdout).text).toBe(JSON.parse(viaFolder.stdout).text)
  })

  it('says clearly when the folder is not a usable pack', async () => {
    const { code, stderr } = await taleweaver('generate', '--pack', home, '--prompt', 'x')
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})
