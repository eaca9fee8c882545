import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textActivationBytes } from '../../../../../src/main/formats/activation-memory'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import { estimateRenderBytes, renderShape } from '../../../../../src/main/studio/packs/render-budget'
import type { GpuDevice } from '../../../../../src/shared/contract'
import { runJob } from '../../../../../src/shared/run-job'
import { TEXT_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

const RESOURCES = join(import.meta.dirname, '../../../../../resources')
const GIB = 2 ** 30
let scratch: string
let studio: Studio
let free = 64 * GIB
// No GPU can be present where this runs: the list is injected, and the CPU runs every pack.
const gpus: GpuDevice[] = [{ index: 0, name: 'NVIDIA GeForce RTX 4060', memoryBytes: 8 * GIB }]

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'packs-fit-'))
  studio = createStudio({ dataDir: join(scratch, 'data'), packs: { resourcesDir: RESOURCES }, freeMemory: () => free, detectGpus: async () => gpus })
})
afterAll(async () => {
  await studio.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('packs.fit', () => {
  it('adds the starter story model to its KV cache and logits at the full window, against this machine', async () => {
    free = 64 * GIB
    const fit = await studio.call('packs.fit', { id: 'starter-story' })
    const weightsBytes = (await stat(join(RESOURCES, 'models/starter-story/onnx/model.onnx'))).size
    // The starter's config.json: 6 layers, 6 heads, 192 wide, a 256-token window, 8192 tokens.
    const activationBytes = textActivationBytes({ layers: 6, heads: 6, embedding: 192, contextLength: 256, vocabularySize: 8192 }, 4)
    expect(fit).toEqual({
      provider: 'cpu',
      attempts: expect.arrayContaining([{ provider: 'cpu' }]),
      memory: 'system',
      weightsBytes,
      activationBytes,
      neededBytes: weightsBytes + activationBytes,
      totalBytes: totalmem(),
      freeBytes: free,
      verdict: 'fits',
      basis: { tokens: 256 },
      weights: 'fp32',
      variants: [{ weights: 'fp32', sizeBytes: weightsBytes }],
    })
  })

  it('says a pack is tight when it fits this machine only once memory is freed, and too big beyond all of it', async () => {
    free = 1024
    expect((await studio.call('packs.fit', { id: 'starter-pictures' })).verdict).toBe('tight')
    free = 64 * GIB
    const pictures = await studio.call('packs.fit', { id: 'starter-pictures' })
    const pack = await studio.packs.resolve('image', 'starter-pictures')
    const { width, height, activation, batch } = renderShape(pack)
    expect(pictures).toMatchObject({ verdict: 'fits', basis: { width, height }, weights: null, variants: [], weightsBytes: pack.memoryBytes })
    expect(pictures.activationBytes).toBe(estimateRenderBytes(0, activation, width, height, batch))
    expect(pictures.neededBytes).toBeLessThan(totalmem())
  })

  it('follows the weights that would run: the 8-bit variant on the CPU once there is one, else the pick', async () => {
    const fixtures = await fixturePacks()
    const { pack } = await runJob(studio, 'packs.import', { path: fixtures[TEXT_FIXTURES.gpt2] })
    await runJob(studio, 'packs.optimize', { pack: pack.id, weights: 'int8' })
    const sizeOf = async (name: string) => (await stat(join(pack.path, 'onnx', name))).size
    const auto = await studio.call('packs.fit', { id: pack.id })
    expect(auto.weights).toBe('int8')
    expect(auto.weightsBytes).toBe(await sizeOf('model_int8.onnx'))
    expect(auto.variants).toEqual([
      { weights: 'int8', sizeBytes: await sizeOf('model_int8.onnx') },
      { weights: 'fp32', sizeBytes: await sizeOf('model.onnx') },
    ])

    await studio.call('packs.use', { id: pack.id, weights: 'fp32' })
    expect((await studio.call('packs.fit', { id: pack.id })).weights).toBe('fp32')
    const story = await runJob(studio, 'text.generate', { prompt: 'Once upon a time', options: { maxNewTokens: 2, seed: 1 } })
    expect(story.weights).toBe('fp32')

    await studio.call('packs.use', { id: pack.id, weights: 'auto' })
    const again = await runJob(studio, 'text.generate', { prompt: 'Once upon a time', options: { maxNewTokens: 2, seed: 1 } })
    expect(again.weights).toBe('int8')
  })

  it('refuses an unknown pack', async () => {
    await expect(studio.call('packs.fit', { id: 'no-such-pack' })).rejects.toMatchObject({ code: 'not-found' })
  })
})
