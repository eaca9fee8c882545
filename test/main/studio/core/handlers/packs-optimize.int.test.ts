import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import { sha256File } from '../../../../../src/main/studio/packs/file-hash'
import { TextPackManifest } from '../../../../../src/shared/pack-manifest'
import { runJob } from '../../../../../src/shared/run-job'
import { TEXT_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

let scratch: string
let studio: Studio
let fixtures: Record<string, string>

beforeAll(async () => {
  fixtures = await fixturePacks()
  scratch = await mkdtemp(join(tmpdir(), 'packs-optimize-'))
  const dataDir = join(scratch, 'data')
  // No bundled packs: every pack here is imported or opened by path.
  studio = createStudio({ dataDir, packs: { resourcesDir: join(scratch, 'resources') } })
})
afterAll(async () => {
  await studio.close()
  await rm(scratch, { recursive: true, force: true })
})

async function manifestOf(dir: string): Promise<TextPackManifest> {
  return TextPackManifest.parse(JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8')))
}

describe('packs.optimize', () => {
  it('writes the variant beside the untouched original, records its hash and figures, and the pack then runs it', async () => {
    const { pack } = await runJob(studio, 'packs.import', { path: fixtures[TEXT_FIXTURES.gpt2] })
    const original = await manifestOf(pack.path)
    const originalHash = await sha256File(join(pack.path, 'onnx/model.onnx'))

    const result = await runJob(studio, 'packs.optimize', { pack: pack.id, weights: 'int8' })
    expect(result.variant).toMatchObject({ weights: 'int8', files: ['onnx/model_int8.onnx'], speed: { provider: 'cpu' } })
    // A random tiny model has near ties that 8-bit weights flip; the warning says so under 97%.
    const { agreement, perplexity, referencePerplexity } = result.variant.quality
    expect(agreement).toBeGreaterThan(0.9)
    expect(Math.abs(perplexity / referencePerplexity - 1)).toBeLessThan(0.05)
    if (agreement < 0.97) expect(result.warning).toContain(`${(agreement * 100).toFixed(1)}% of next tokens, below the 97% expected of int8`)
    else expect(result.warning).toBeNull()

    const manifest = await manifestOf(pack.path)
    expect(manifest.variants).toEqual([result.variant])
    const entry = manifest.files.find((file) => file.path === 'onnx/model_int8.onnx')
    expect(entry?.sha256).toBe(await sha256File(join(pack.path, 'onnx/model_int8.onnx')))
    // The original file and its manifest entry are as they were.
    expect(await sha256File(join(pack.path, 'onnx/model.onnx'))).toBe(originalHash)
    expect(manifest.files.filter((file) => file.path !== 'onnx/model_int8.onnx')).toEqual(original.files)
    expect(await studio.call('packs.verify', { id: pack.id })).toEqual({ ok: true, problems: [] })
    expect((await studio.call('packs.show', { id: pack.id })).manifest).toEqual(manifest)

    const story = await runJob(studio, 'text.generate', { pack: pack.id, prompt: 'Once upon a time', options: { maxNewTokens: 4, seed: 1 } })
    expect(story.tokens).toBeGreaterThan(0)
  })

  it('keeps one entry per format and takes a pack folder by path', async () => {
    const dir = join(scratch, 'folder')
    await cp(fixtures[TEXT_FIXTURES.gpt2Merged], dir, { recursive: true })
    await runJob(studio, 'packs.optimize', { pack: dir, weights: 'q4' })
    await runJob(studio, 'packs.optimize', { pack: dir, weights: 'fp16' })
    const again = await runJob(studio, 'packs.optimize', { pack: dir, weights: 'q4' })
    const manifest = await manifestOf(dir)
    expect(manifest.variants!.map((v) => v.weights)).toEqual(['fp16', 'q4'])
    expect(manifest.variants![1]).toEqual(again.variant)
    expect(manifest.files.map((file) => file.path).filter((path) => path.includes('decoder_model_merged'))).toEqual([
      'onnx/decoder_model_merged.onnx',
      'onnx/decoder_model_merged_fp16.onnx',
      'onnx/decoder_model_merged_q4.onnx',
    ])
  })

  it('refuses an image pack', async () => {
    const { pack } = await runJob(studio, 'packs.import', { path: fixtures['sd-tiny'] })
    await expect(runJob(studio, 'packs.optimize', { pack: pack.id, weights: 'int8' })).rejects.toMatchObject({ code: 'unsupported' })
  })
})
