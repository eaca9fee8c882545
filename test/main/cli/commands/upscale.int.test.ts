import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePng } from '../../../../src/main/inference/diffusion/image/encode-png'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { UPSCALER_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { runTaleweaver } from '../run-taleweaver'

const starterUpscaler = existsSync(join(sourceResourcesDir(), 'models', 'starter-upscaler', 'pack.json'))
let home: string
let pack: string
let input: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })
const PARAMETERS = 'a fox\nSteps: 20, Sampler: ddim, CFG scale: 7.5, Seed: 42, Size: 96x64, Model: starter-pictures'

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
  pack = (await fixturePacks())[UPSCALER_FIXTURES.dynamic]
  input = join(home, 'fox.png')
  const rgb = new Uint8ClampedArray(96 * 64 * 3).map((_, i) => (i * 13) % 256)
  await writeFile(input, await encodePng(rgb, 96, 64, { parameters: PARAMETERS, Software: 'Taleweaver' }))
})
afterAll(() => rm(home, { recursive: true, force: true }))

describe('taleweaver upscale', () => {
  it('writes the enlarged PNG with its generation record and the upscale step, and prints the figures with --json', async () => {
    const out = join(home, 'fox-x4.png')
    const { code, stdout, stderr } = await taleweaver('upscale', '--pack', pack, '--in', input, '--out', out, '--tile', '32', '--json')
    expect(code, stderr).toBe(0)
    const result = JSON.parse(stdout)
    expect(Object.keys(result)).toEqual(['out', 'width', 'height', 'scale', 'tiles', 'tile', 'provider', 'timings'])
    expect(result).toMatchObject({ out, width: 384, height: 256, scale: 4, tiles: 12, tile: 32, provider: 'cpu' })
    const png = await readFile(out)
    expect(await sharp(png).metadata()).toMatchObject({ width: 384, height: 256 })
    expect(readPngText(png)).toEqual({
      parameters: `${PARAMETERS}, Upscale: 4x, Upscaler: fixture-upscale-tiny, Upscaled size: 384x256`,
      Software: 'Taleweaver',
    })
  })

  it('refuses a scale other than 2 or 4 with one line naming the flag, before anything runs', async () => {
    const out = join(home, 'never.png')
    const { code, stderr } = await taleweaver('upscale', '--pack', pack, '--in', input, '--out', out, '--scale', '3')
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/--scale/)
    expect(existsSync(out)).toBe(false)
  })

  it.runIf(starterUpscaler)('uses the bundled starter upscaler by default, by id too', async () => {
    for (const args of [[], ['--pack', 'starter-upscaler']]) {
      const out = join(home, `starter-${args.length}.png`)
      const { code, stdout, stderr } = await taleweaver('upscale', ...args, '--in', input, '--out', out, '--json')
      expect(code, stderr).toBe(0)
      expect(JSON.parse(stdout)).toMatchObject({ width: 384, height: 256, scale: 4 })
      expect(readPngText(await readFile(out)).parameters).toMatch(/Upscaler: starter-upscaler, Upscaled size: 384x256$/)
    }
  })
})
