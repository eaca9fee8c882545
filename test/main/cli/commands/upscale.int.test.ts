import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePng } from '../../../../src/main/inference/diffusion/image/encode-png'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { readPictureRecord } from '../../../../src/main/studio/projects/picture-record'
import { PICTURE_RECORD_KEY, type PictureRecord } from '../../../../src/shared/contract'
import { UPSCALER_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { runTaleweaver } from '../run-taleweaver'

const starterUpscaler = existsSync(join(sourceResourcesDir(), 'models', 'starter-upscaler', 'pack.json'))
let home: string
let pack: string
let input: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })
const PARAMETERS = 'a fox\nSteps: 20, Sampler: ddim, CFG scale: 7.5, Seed: 42, Size: 96x64, Model: starter-pictures'
/** The record a drawn picture carries, as the image engine writes it. */
const RECORD: PictureRecord = {
  pack: { id: 'starter-pictures', files: [{ path: 'unet/model.onnx', sha256: 'a'.repeat(64) }] },
  prompt: 'a fox',
  negativePrompt: '',
  seed: 42,
  scheduler: 'ddim',
  steps: 20,
  guidance: 7.5,
  width: 96,
  height: 64,
  provider: 'cpu',
  engineVersion: 'onnxruntime-node 1.30.0',
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
  pack = (await fixturePacks())[UPSCALER_FIXTURES.dynamic]
  input = join(home, 'fox.png')
  const rgb = new Uint8ClampedArray(96 * 64 * 3).map((_, i) => (i * 13) % 256)
  await writeFile(input, await encodePng(rgb, 96, 64, { parameters: PARAMETERS, Software: 'Taleweaver', [PICTURE_RECORD_KEY]: JSON.stringify(RECORD) }))
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
    const { [PICTURE_RECORD_KEY]: recordText, ...text } = readPngText(png)
    expect(text).toEqual({
      parameters: `${PARAMETERS}, Upscale: 4x, Upscaler: fixture-upscale-tiny, Upscaled size: 384x256`,
      Software: 'Taleweaver',
    })
    // The record keeps how the picture was drawn and adds how it was enlarged, pack pinned by its hashes.
    const manifest = JSON.parse(await readFile(join(pack, 'pack.json'), 'utf8')) as { files: { path: string; sha256: string }[] }
    expect(JSON.parse(recordText)).toEqual({
      ...RECORD,
      upscales: [{ pack: { id: 'fixture-upscale-tiny', files: manifest.files.map(({ path, sha256 }) => ({ path, sha256 })) }, scale: 4, tile: 32, tiles: 12, width: 384, height: 256, provider: 'cpu' }],
    })
    // It still reads as a picture record (illustrate --from-record draws the original again).
    expect(await readPictureRecord(out)).toMatchObject({ ...RECORD, upscales: [{ scale: 4, tiles: 12 }] })

    // Upscaled again: a second step follows the first.
    const twice = join(home, 'fox-x8.png')
    expect((await taleweaver('upscale', '--pack', pack, '--in', out, '--out', twice, '--scale', '2', '--tile', '64')).code).toBe(0)
    expect((await readPictureRecord(twice)).upscales?.map((step) => [step.scale, step.width])).toEqual([[4, 384], [2, 768]])
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
