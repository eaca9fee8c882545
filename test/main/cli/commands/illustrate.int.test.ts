import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { IMAGE_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { runTaleweaver } from '../run-taleweaver'

let home: string
let pack: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
  pack = (await fixturePacks())[IMAGE_FIXTURES.oracle]
})
afterAll(() => rm(home, { recursive: true, force: true }))

const SETTINGS = ['--prompt', 'a fox', '--negative', 'rain', '--steps', '6', '--guidance', '5', '--scheduler', 'dpmpp-2m', '--seed', '42', '--width', '64', '--height', '40']

describe('taleweaver illustrate', () => {
  it('writes the PNG and prints {out, seed, steps, scheduler, provider, timings} with --json', async () => {
    const out = join(home, 'fox.png')
    const { code, stdout } = await taleweaver('illustrate', '--pack', pack, ...SETTINGS, '--out', out, '--json')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(Object.keys(result)).toEqual(['out', 'seed', 'steps', 'scheduler', 'provider', 'timings'])
    expect(result).toMatchObject({ out, seed: 42, steps: 6, scheduler: 'dpmpp-2m', provider: 'cpu' })
    const png = await readFile(out)
    expect(await sharp(png).metadata()).toMatchObject({ width: 64, height: 40 })
    expect(readPngText(png).parameters).toMatch(/^a fox\nNegative prompt: rain\nSteps: 6, Sampler: dpmpp-2m, CFG scale: 5, Seed: 42, Size: 64x40/)
  })

  it('shows step progress on stderr without --json, and the same seed makes the same file', async () => {
    const out = join(home, 'again.png')
    const { code, stdout, stderr } = await taleweaver('illustrate', '--pack', pack, ...SETTINGS, '--out', out)
    expect(code).toBe(0)
    expect(stdout).toContain(out)
    expect(stderr).toContain('step 6/6')
    expect((await readFile(out)).equals(await readFile(join(home, 'fox.png')))).toBe(true)
  })

  it('exits non-zero with one line for bad input, and writes nothing', async () => {
    const out = join(home, 'bad.png')
    const width = await taleweaver('illustrate', '--pack', pack, '--prompt', 'a', '--width', '30', '--out', out)
    expect(width.code).toBe(2)
    expect(width.stderr.trim().split('\n')).toEqual(['taleweaver: --width: Invalid number: must be a multiple of 8.'])
    const nan = await taleweaver('illustrate', '--pack', pack, '--prompt', 'a', '--guidance', 'NaN', '--out', out)
    expect(nan.code).not.toBe(0)
    expect(existsSync(out)).toBe(false)
  })

  it('tokenizes a prompt under an image pack through image.tokenize', async () => {
    const { code, stdout } = await taleweaver('tokenize', '--pack', pack, 'the fox', '--json')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.ids).toHaveLength(77)
    expect(result.count).toBeGreaterThan(0)
  })
})
