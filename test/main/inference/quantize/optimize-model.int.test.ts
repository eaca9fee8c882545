import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forEachGraph, intAttributeOf, readModel, writeModel, type NodeProto } from '../../../../src/main/inference/quantize/onnx-model'
import { Q4_ACCURACY_LEVEL, Q4_BLOCK_SIZE, optimizeModel } from '../../../../src/main/inference/quantize/optimize-model'
import { variantPath } from '../../../../src/main/inference/quantize/optimize-pack'
import { Gpt2Decoder } from '../../../../src/main/inference/text/decoder/gpt2-decoder'
import { findTextModelFiles, type TextModelFiles } from '../../../../src/main/inference/text/pack/model-files'
import { readTextPack } from '../../../../src/main/inference/text/pack/text-pack-config'
import { pickGreedy } from '../../../../src/main/inference/text/sampling/sampler'
import type { OptimizeWeights } from '../../../../src/shared/pack-manifest'
import { splitIntoLegacyPair } from '../../../fixtures/legacy-pair'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

const PROMPTS = ['Once upon a time, the dragon', 'The little fox ran to the river and', 'In the morning']
const STEPS = 8
/**
 * Largest logit difference allowed from the float32 model, per format, on logits of about +-10:
 * int8 rounds each weight to 1/254 of its column's range, q4 to 1/16 of its block's, float16 to
 * 11 significant bits.
 */
const TOLERANCE: Record<OptimizeWeights, number> = { int8: 0.25, q4: 2.5, fp16: 0.02 }

let packs: Record<string, string>
let scratch: string
beforeAll(async () => {
  packs = await fixturePacks()
  scratch = await mkdtemp(join(tmpdir(), 'optimize-model-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** The plain fixture as a legacy Optimum pair (decoder_model + decoder_with_past_model). */
async function legacyPair(): Promise<string> {
  const dir = join(scratch, 'pair')
  await cp(packs[TEXT_FIXTURES.gpt2], dir, { recursive: true })
  await splitIntoLegacyPair(dir)
  return dir
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]))
  return max
}

/** How far the logit of `best` lies above every other. */
function margin(logits: Float32Array, best: number): number {
  let runnerUp = -Infinity
  for (let i = 0; i < logits.length; i++) if (i !== best) runnerUp = Math.max(runnerUp, logits[i])
  return logits[best] - runnerUp
}

const layouts: { label: string; dir: () => Promise<string> }[] = [
  // Every export layout; the Chinese pack repeats gpt2-tiny's layout with a WordPiece vocabulary,
  // on which these English prompts give a random model no clear greedy choices to compare.
  ...Object.values(TEXT_FIXTURES)
    .filter((name) => name !== TEXT_FIXTURES.gpt2Chinese)
    .map((name) => ({ label: name, dir: async () => packs[name] })),
  { label: 'legacy decoder pair', dir: legacyPair },
]

describe.each(['int8', 'q4', 'fp16'] as const)('optimizeModel to %s', (weights) => {
  it.each(layouts)('$label: the variant loads, logits stay within tolerance, greedy tokens agree wherever float32 decides them', async ({ label, dir }) => {
    const source = await dir()
    const folder = join(scratch, `${label}-${weights}`)
    await cp(source, folder, { recursive: true })
    const original = await findTextModelFiles(folder, ['fp32'])
    const originalBytes = await readFile(original.prefill)
    for (const file of new Set([original.prefill, original.decode])) {
      const model = readModel(file)
      const report = optimizeModel(model, weights)
      // Every block's four products (qkv, attention out, MLP in, MLP out) and the tied LM head, per branch.
      expect(report.weights).toBe(2 * 4 + 1)
      // The CPU variants also fuse the small nodes (fuse-decoder.int.test.ts proves each fusion exact).
      if (weights === 'fp16') expect(report.fused).toBeNull()
      else expect(report.fused!.gelu).toBeGreaterThanOrEqual(2)
      await writeModel(model, variantPath(file, weights))
    }
    const variant: TextModelFiles = { ...original, dtype: weights, prefill: variantPath(original.prefill, weights), decode: variantPath(original.decode, weights) }
    const { config, tokenizer } = await readTextPack(folder)
    const reference = await Gpt2Decoder.open(original, config, 'cpu')
    const candidate = await Gpt2Decoder.open(variant, config, 'cpu')
    let decided = 0
    try {
      for (const prompt of PROMPTS) {
        let a = await reference.forward(tokenizer.encode(prompt), reference.emptyCache())
        let b = await candidate.forward(tokenizer.encode(prompt), candidate.emptyCache())
        for (let step = 0; step < STEPS; step++) {
          expect(maxDifference(a.logits, b.logits)).toBeLessThan(TOLERANCE[weights])
          const next = pickGreedy(a.logits)
          // A token is decided when its lead over the runner-up exceeds what the tolerance could overturn.
          if (margin(a.logits, next) > 2 * TOLERANCE[weights]) {
            expect(pickGreedy(b.logits)).toBe(next)
            decided += 1
          }
          a = await reference.forward([next], a.cache)
          b = await candidate.forward([next], b.cache)
        }
      }
    } finally {
      await reference.release()
      await candidate.release()
    }
    expect(decided).toBeGreaterThan((PROMPTS.length * STEPS) / 2)
    // The original file is left exactly as it was.
    expect((await readFile(original.prefill)).equals(originalBytes)).toBe(true)
  })
})

describe('optimizeModel on a graph without constant-weight products', () => {
  it('refuses with unsupported', async () => {
    const model = readModel(join(packs[TEXT_FIXTURES.gpt2], 'onnx/model.onnx'))
    model.graph!.node = model.graph!.node!.filter((node) => node.opType !== 'MatMul')
    expect(() => optimizeModel(model, 'q4')).toThrow(expect.objectContaining({ code: 'unsupported' }))
  })
})

describe('optimizeModel to q4', () => {
  const q4Nodes = (options: Parameters<typeof optimizeModel>[2]) => {
    const model = readModel(join(packs[TEXT_FIXTURES.gpt2], 'onnx/model.onnx'))
    optimizeModel(model, 'q4', options)
    const nodes: NodeProto[] = []
    forEachGraph(model.graph!, (graph) => nodes.push(...(graph.node ?? []).filter((node) => node.opType === 'MatMulNBits')))
    return nodes
  }

  it('asks for integer products (accuracy level 4) in blocks of the chosen size', () => {
    const nodes = q4Nodes({})
    expect(nodes).toHaveLength(4 * 2 + 1)
    for (const node of nodes) {
      expect(intAttributeOf(node, 'accuracy_level', 0)).toBe(Q4_ACCURACY_LEVEL)
      expect(intAttributeOf(node, 'block_size', 0)).toBe(Q4_BLOCK_SIZE)
    }
  })

  it('leaves the accuracy level out when asked for float products, as published converters do', () => {
    for (const node of q4Nodes({ accuracyLevel: 0, blockSize: 32 })) {
      expect(node.attribute!.some((attribute) => attribute.name === 'accuracy_level')).toBe(false)
      expect(intAttributeOf(node, 'block_size', 0)).toBe(32)
    }
  })
})
