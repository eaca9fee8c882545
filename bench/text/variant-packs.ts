/**
 * Variant folders of the GPT-2-small fixture for the text benchmark: each holds the fixture's
 * config and tokenizer (linked) and one decoder file, written by the app's quantizer, so every
 * contender (ours, transformers.js, the bare loop) runs exactly that file. Built once next to
 * the fixture (whose folder name changes with its builder), as quantizing takes minutes; a
 * variant's folder is named after the quantizer's sources and its options, so a change to
 * either builds it again instead of measuring a stale file.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fuseDecoder } from '../../src/main/inference/quantize/fuse-decoder'
import { readModel, writeModel } from '../../src/main/inference/quantize/onnx-model'
import { Q4_BLOCK_SIZE, optimizeModel, type OptimizeModelOptions } from '../../src/main/inference/quantize/optimize-model'
import { suffixOf } from '../../src/main/inference/text/pack/model-files'
import type { OptimizeWeights } from '../../src/shared/pack-manifest'
import { contentHash } from '../../test/fixtures/content-cache'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The block size q4 was chosen over (32 and 128 are the two that published converters write). */
export const OTHER_Q4_BLOCK_SIZE = Q4_BLOCK_SIZE === 32 ? 128 : 32

/**
 * The variants measured: what optimize writes, the alternatives it was chosen over, and the
 * fusion apart from the weights (q4 unfused; float32 weights fused, which optimize does not
 * write), so that what fewer bytes gain shows apart from what fewer nodes gain.
 */
export const BENCH_VARIANTS = {
  int8: { weights: 'int8', options: {} },
  q4: { weights: 'q4', options: {} },
  fp16: { weights: 'fp16', options: {} },
  int8_dequantize: { weights: 'int8', options: { int8Form: 'dequantize' } },
  q4_other_block: { weights: 'q4', options: { blockSize: OTHER_Q4_BLOCK_SIZE } },
  q4_float_products: { weights: 'q4', options: { accuracyLevel: 0 } },
  q4_unfused: { weights: 'q4', options: { fuse: false } },
  fp32_fused: { weights: 'fp32', options: {} },
} as const satisfies Record<string, { weights: OptimizeWeights | 'fp32'; options: OptimizeModelOptions }>
export type BenchVariant = keyof typeof BENCH_VARIANTS

/** The folder of each variant, building the missing ones; `log` hears which one is being made. */
export async function variantFolders(fixtureDir: string, log: (line: string) => void): Promise<Record<BenchVariant, string>> {
  const root = `${fixtureDir}-variants`
  const quantizer = await contentHash(REPO_ROOT, ['src/main/inference/quantize'])
  const folders = {} as Record<BenchVariant, string>
  for (const [name, { weights, options }] of Object.entries(BENCH_VARIANTS) as [BenchVariant, (typeof BENCH_VARIANTS)[BenchVariant]][]) {
    const key = createHash('sha256').update(`${quantizer}\0${weights}\0${JSON.stringify(options)}`).digest('hex').slice(0, 12)
    folders[name] = join(root, `${name}-${key}`)
  }
  // Stale variants are hundreds of MB each: keep only the current ones.
  const current = new Set(Object.values(folders))
  for (const entry of await readdir(root).catch(() => [] as string[])) if (!current.has(join(root, entry))) await rm(join(root, entry), { recursive: true, force: true })
  for (const [name, { weights, options }] of Object.entries(BENCH_VARIANTS) as [BenchVariant, (typeof BENCH_VARIANTS)[BenchVariant]][]) {
    const dir = folders[name]
    if (existsSync(join(dir, 'done'))) continue
    log(`building the ${name} variant of ${fixtureDir}`)
    await rm(dir, { recursive: true, force: true })
    await mkdir(join(dir, 'onnx'), { recursive: true })
    for (const entry of await readdir(fixtureDir)) if (entry !== 'onnx' && entry !== 'pack.json') await symlink(join(fixtureDir, entry), join(dir, entry))
    const model = readModel(join(fixtureDir, 'onnx', 'model.onnx'))
    if (weights === 'fp32') fuseDecoder(model)
    else optimizeModel(model, weights, options)
    await writeModel(model, join(dir, 'onnx', `model${suffixOf[weights]}.onnx`))
    await mkdir(join(dir, 'done.partial'))
    await rename(join(dir, 'done.partial'), join(dir, 'done'))
  }
  return folders
}
