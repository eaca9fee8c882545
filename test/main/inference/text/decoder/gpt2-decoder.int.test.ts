import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KvCache } from '../../../../../src/main/inference/text/decoder/gpt2-decoder'
import { loadTextModel, type TextModel } from '../../../../../src/main/inference/text/text-model'
import { GPT2_VARIANTS } from '../../../../../tools/fixtures/gpt2/variants'
import { splitIntoLegacyPair } from '../../../../fixtures/legacy-pair'
import { TEXT_FIXTURES, fixturePacks, type TextFixtureName } from '../../../../fixtures/packs'
import { Gpt2Reference } from '../../../../fixtures/reference/gpt2'

function maxDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let max = 0
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]))
  return max
}

const PROMPT_TEXT = 'Once upon a time, the dragon'
const STEPS = 6

let packs: Record<string, string>
let scratch: string
const opened: TextModel[] = []
beforeAll(async () => {
  packs = await fixturePacks()
  scratch = await mkdtemp(join(tmpdir(), 'gpt2-decoder-'))
})
afterAll(async () => {
  for (const model of opened) await model.decoder.release()
  await rm(scratch, { recursive: true, force: true })
})

async function open(dir: string): Promise<TextModel> {
  const model = await loadTextModel(dir, { provider: 'cpu' })
  opened.push(model)
  return model
}

/**
 * A legacy Optimum pair made from the plain fixture: the same graph as decoder_model.onnx and
 * decoder_with_past_model.onnx. (A real decoder_model.onnx has no past inputs; the signature
 * tests cover reading that file.) This exercises the two-session path end to end.
 */
async function legacyPair(): Promise<string> {
  const dir = join(scratch, 'pair')
  await cp(packs[TEXT_FIXTURES.gpt2], dir, { recursive: true })
  await splitIntoLegacyPair(dir)
  return dir
}

type Case = { label: string; fixture: TextFixtureName; dir: () => Promise<string> }
const cases: Case[] = [
  ...Object.values(TEXT_FIXTURES).map((fixture) => ({ label: fixture, fixture, dir: async () => packs[fixture] })),
  { label: 'legacy decoder pair', fixture: TEXT_FIXTURES.gpt2, dir: legacyPair },
]

describe('Gpt2Decoder on every export layout', () => {
  for (const { label, fixture, dir } of cases) {
    it(`${label}: cached logits equal a full recompute and the reference forward pass within 1e-4`, async () => {
      const model = await open(await dir())
      const { decoder, tokenizer } = model
      const reference = Gpt2Reference.forFixture(fixture)
      const float16Cache = GPT2_VARIANTS[fixture].style.cacheType === 'float16'
      const ids = tokenizer.encode(PROMPT_TEXT)

      let step = await decoder.forward(ids, decoder.emptyCache())
      let referenceStep = reference.forward(ids)
      for (let n = 0; n < STEPS; n++) {
        // Reference with its own cache, rounded like the graph's when the cache is float16.
        expect(maxDifference(step.logits, referenceStep.logits.at(-1)!)).toBeLessThan(1e-4)
        // A full recompute over everything so far, without any cache.
        const full = await decoder.forward(ids, decoder.emptyCache())
        expect(maxDifference(full.logits, reference.forward(ids).logits.at(-1)!)).toBeLessThan(1e-4)
        // A float16 cache rounds the past keys and values, which a recompute never stores.
        expect(maxDifference(step.logits, full.logits)).toBeLessThan(float16Cache ? 5e-3 : 1e-4)

        const next = indexOfMax(step.logits)
        ids.push(next)
        const cacheBefore: KvCache = step.cache
        step = await decoder.forward([next], step.cache)
        referenceStep = reference.forward([next], { cache: referenceStep.cache })
        expect(step.cache.length).toBe(cacheBefore.length + 1)
        expect(step.cache.tensors[0].dims).toEqual([1, 4, ids.length, 8])
      }
      expect(step.logits).toHaveLength(model.config.vocabularySize)
    })
  }

  it('runs the merged file on its first-step branch, then the cached one', async () => {
    const model = await open(packs[TEXT_FIXTURES.gpt2Merged])
    expect(model.files.layout).toBe('merged')
    const plain = await open(packs[TEXT_FIXTURES.gpt2NoPositionIds])
    let a = await model.decoder.forward([1, 2, 3], model.decoder.emptyCache())
    let b = await plain.decoder.forward([1, 2, 3], plain.decoder.emptyCache())
    a = await model.decoder.forward([4], a.cache)
    b = await plain.decoder.forward([4], b.cache)
    expect(maxDifference(a.logits, b.logits)).toBeLessThan(1e-5)
  })

  it('refuses to run past the context length', async () => {
    const model = await open(packs[TEXT_FIXTURES.gpt2])
    const tooMany = new Array(model.config.contextLength + 1).fill(1)
    await expect(model.decoder.forward(tooMany, model.decoder.emptyCache())).rejects.toThrow(RangeError)
  })
})

describe('a pack whose model does not fit its config', () => {
  async function altered(name: string, edit: (config: Record<string, unknown>) => void): Promise<string> {
    const dir = join(scratch, name)
    await cp(packs[TEXT_FIXTURES.gpt2], dir, { recursive: true })
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))
    edit(config)
    await writeFile(join(dir, 'config.json'), JSON.stringify(config))
    return dir
  }

  it.each([
    ['heads', (c: Record<string, unknown>) => (c.n_head = 8), /onnx\/model\.onnx: "present\.0\.key" has 4 heads but config\.json says n_head is 8/],
    ['layers', (c: Record<string, unknown>) => (c.n_layer = 3), /onnx\/model\.onnx: has no output "present\.2\.key"/],
    ['vocabulary', (c: Record<string, unknown>) => (c.vocab_size = 600), /onnx\/model\.onnx: "logits" has 512 entries per token but config\.json says vocab_size is 600/],
    ['architecture', (c: Record<string, unknown>) => (c.model_type = 'llama'), /config\.json: model_type is "llama"/],
  ])('is refused as pack-invalid when the %s differ, naming the file', async (name, edit, message) => {
    const dir = await altered(name, edit)
    await expect(loadTextModel(dir, { provider: 'cpu' })).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringMatching(message) })
  })
})

function indexOfMax(values: Float32Array): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}
