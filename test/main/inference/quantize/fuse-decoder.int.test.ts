import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fuseDecoder } from '../../../../src/main/inference/quantize/fuse-decoder'
import { forEachGraph, readModel, writeModel, type ModelProto } from '../../../../src/main/inference/quantize/onnx-model'
import { Gpt2Decoder } from '../../../../src/main/inference/text/decoder/gpt2-decoder'
import { findTextModelFiles, type TextModelFiles } from '../../../../src/main/inference/text/pack/model-files'
import { readTextPack } from '../../../../src/main/inference/text/pack/text-pack-config'
import { pickGreedy } from '../../../../src/main/inference/text/sampling/sampler'
import { splitIntoLegacyPair } from '../../../fixtures/legacy-pair'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

const PROMPTS = ['Once upon a time, the dragon', 'In the morning']
const STEPS = 6
/** Fusing changes the order of float32 sums only: logits of about +-10 move by rounding alone. */
const TOLERANCE = 1e-4

let packs: Record<string, string>
let scratch: string
beforeAll(async () => {
  packs = await fixturePacks()
  scratch = await mkdtemp(join(tmpdir(), 'fuse-decoder-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** Nodes of `model` whose type passes `which`, in every graph. */
function countNodes(model: ModelProto, which: (opType: string) => boolean): number {
  let n = 0
  forEachGraph(model.graph!, (graph) => (n += (graph.node ?? []).filter((node) => which(node.opType ?? '')).length))
  return n
}
const count = (model: ModelProto, opType: string) => countNodes(model, (type) => type === opType)
const allNodes = (model: ModelProto) => countNodes(model, () => true)

/** A copy of a fixture pack; `pair` splits its model.onnx into the legacy decoder pair. */
async function copyFixture(name: string, label: string, pair = false): Promise<string> {
  const folder = join(scratch, label)
  await cp(packs[name], folder, { recursive: true })
  if (pair) await splitIntoLegacyPair(folder)
  return folder
}

/** Rewrites each decoder file of `folder` with `change` into `<file>_fused.onnx`; returns both layouts. */
async function rewritten(folder: string, change: (model: ModelProto) => void): Promise<{ original: TextModelFiles; fused: TextModelFiles }> {
  const original = await findTextModelFiles(folder, ['fp32'])
  const fusedPath = (file: string) => file.replace(/\.onnx$/, '_fused.onnx')
  for (const file of new Set([original.prefill, original.decode])) {
    const model = readModel(file)
    change(model)
    await writeModel(model, fusedPath(file))
  }
  return { original, fused: { ...original, prefill: fusedPath(original.prefill), decode: fusedPath(original.decode) } }
}

/** The largest logit difference between the two files over greedy decodes of PROMPTS. */
async function largestDifference(folder: string, a: TextModelFiles, b: TextModelFiles): Promise<number> {
  const { config, tokenizer } = await readTextPack(folder)
  const [reference, candidate] = [await Gpt2Decoder.open(a, config, 'cpu'), await Gpt2Decoder.open(b, config, 'cpu')]
  let largest = 0
  try {
    for (const prompt of PROMPTS) {
      let x = await reference.forward(tokenizer.encode(prompt), reference.emptyCache())
      let y = await candidate.forward(tokenizer.encode(prompt), candidate.emptyCache())
      for (let step = 0; step < STEPS; step++) {
        for (let i = 0; i < x.logits.length; i++) largest = Math.max(largest, Math.abs(x.logits[i] - y.logits[i]))
        const next = pickGreedy(x.logits)
        x = await reference.forward([next], x.cache)
        y = await candidate.forward([next], y.cache)
      }
    }
  } finally {
    await reference.release()
    await candidate.release()
  }
  return largest
}

describe('fuseDecoder', () => {
  // Tiny GPT-2s have 2 blocks: 2 attentions, 2 GELUs, and 5 residual LayerNorms (2 per block and
  // the final one; the first adds the token and position embeddings).
  it.each([
    { label: 'gpt2-tiny', name: TEXT_FIXTURES.gpt2, attention: 2 },
    { label: 'no position ids', name: TEXT_FIXTURES.gpt2NoPositionIds, attention: 2 },
    // The merged file's no-cache branch appends to no past: only its cache branch's attention fuses.
    { label: 'merged', name: TEXT_FIXTURES.gpt2Merged, attention: 2 },
    // A float16 cache reaches the attention through a Cast: that block is not the exported form and stays.
    { label: 'float16 cache', name: TEXT_FIXTURES.gpt2Fp16Cache, attention: 0 },
    { label: 'legacy pair', name: TEXT_FIXTURES.gpt2, attention: 2, pair: true },
  ])('$label: fuses every block it can prove and computes the same logits', async ({ label, name, attention, pair }) => {
    const reports: ReturnType<typeof fuseDecoder>[] = []
    const folder = await copyFixture(name, label, pair)
    const { original, fused } = await rewritten(folder, (model) => {
      const [nodesBefore, softmaxBefore] = [allNodes(model), count(model, 'Softmax')]
      reports.push(fuseDecoder(model))
      expect(count(model, 'Softmax')).toBe(softmaxBefore - reports.at(-1)!.attention)
      expect(allNodes(model)).toBeLessThan(nodesBefore)
    })
    for (const report of reports) {
      expect(report.gelu).toBeGreaterThanOrEqual(2)
      expect(report.skipLayerNorm).toBeGreaterThanOrEqual(5)
    }
    // A file with no past (the pair's first file) has no cache to append to.
    expect(Math.max(...reports.map((r) => r.attention))).toBe(attention)
    expect(await largestDifference(folder, original, fused)).toBeLessThan(TOLERANCE)
  })

  it('leaves a block that is not exactly GPT-2 as it was, and the file still computes the same', async () => {
    // A GELU whose cubic coefficient is not 0.044715 is some other function: FastGelu would change it.
    const folder = await copyFixture(TEXT_FIXTURES.gpt2, 'changed-gelu')
    const changed = readModel(join(folder, 'onnx/model.onnx'))
    const cubics = changed.graph!.initializer!.filter((t) => t.dims!.length === 0 && t.dataType === 1 && Math.abs(new Float32Array(new Uint8Array(t.rawData!).slice().buffer)[0] - 0.044715) < 1e-6)
    expect(cubics.length).toBeGreaterThan(0)
    for (const cubic of cubics) cubic.rawData = new Uint8Array(Float32Array.of(0.05).buffer)
    await writeModel(changed, join(folder, 'onnx/model.onnx'))
    const { original, fused } = await rewritten(folder, (model) => {
      const report = fuseDecoder(model)
      expect(report.gelu).toBe(0)
      expect(report.attention).toBe(2)
      expect(count(model, 'Tanh')).toBe(2)
    })
    expect(await largestDifference(folder, original, fused)).toBeLessThan(TOLERANCE)
  })
})
