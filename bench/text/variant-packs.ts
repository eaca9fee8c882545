/**
 * Variant folders of the GPT-2-small fixture for the text benchmark: each holds the fixture's
 * config and tokenizer (linked) and one decoder file, written by the app's quantizer, so every
 * contender (ours, transformers.js, the bare loop) runs exactly that file. Built once next to
 * the fixture (whose folder name changes with its builder), as quantizing takes minutes.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { readModel, writeModel } from '../../src/main/inference/quantize/onnx-model'
import { optimizeModel, type OptimizeModelOptions } from '../../src/main/inference/quantize/optimize-model'
import { suffixOf } from '../../src/main/inference/text/pack/model-files'
import type { OptimizeWeights } from '../../src/shared/pack-manifest'

/** The variants measured: what optimize writes, and the alternatives it was chosen over. */
export const BENCH_VARIANTS = {
  int8: { weights: 'int8', options: {} },
  q4: { weights: 'q4', options: {} },
  fp16: { weights: 'fp16', options: {} },
  int8_dequantize: { weights: 'int8', options: { int8Form: 'dequantize' } },
  q4_block128: { weights: 'q4', options: { blockSize: 128 } },
} as const satisfies Record<string, { weights: OptimizeWeights; options: OptimizeModelOptions }>
export type BenchVariant = keyof typeof BENCH_VARIANTS

/** The folder of each variant, building the missing ones; `log` hears which one is being made. */
export async function variantFolders(fixtureDir: string, log: (line: string) => void): Promise<Record<BenchVariant, string>> {
  const root = `${fixtureDir}-variants`
  const folders = {} as Record<BenchVariant, string>
  for (const [name, { weights, options }] of Object.entries(BENCH_VARIANTS) as [BenchVariant, (typeof BENCH_VARIANTS)[BenchVariant]][]) {
    const dir = join(root, name)
    folders[name] = dir
    if (existsSync(join(dir, 'done'))) continue
    log(`building the ${name} variant of ${fixtureDir}`)
    await rm(dir, { recursive: true, force: true })
    await mkdir(join(dir, 'onnx'), { recursive: true })
    for (const entry of await readdir(fixtureDir)) if (entry !== 'onnx' && entry !== 'pack.json') await symlink(join(fixtureDir, entry), join(dir, entry))
    const model = readModel(join(fixtureDir, 'onnx', 'model.onnx'))
    optimizeModel(model, weights, options)
    await writeModel(model, join(dir, 'onnx', `model${suffixOf[weights]}.onnx`))
    await mkdir(join(dir, 'done.partial'))
    await rename(join(dir, 'done.partial'), join(dir, 'done'))
  }
  return folders
}
