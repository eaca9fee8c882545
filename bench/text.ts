/**
 * Text decoding speed on the GPT-2-small-shaped fixture (random weights, real tokenizer), CPU,
 * greedy, one prompt, 64 new tokens. Every contender runs in a fresh process each round (a
 * warm-up run, then the measured one), interleaved round after round, so that a noisy machine
 * and the luck of where a process's weights land in memory are shared alike:
 * - `taleweaver`: the app's path, through a fresh inference process (EngineClient -> text.generate);
 * - `transformersjs`: transformers.js generate() on the same folder, as it configures itself, in
 *   a plain Node process;
 * - `raw_onnxruntime`: a bare loop of session.run feeding the cache back (argmax only), with our
 *   session options, in a process started like the inference process: the ratio to it is what
 *   our loop costs;
 * - `raw_onnxruntime_plain_node` and `transformersjs_inference_setup`: the same two in the other
 *   kind of process, so that the setup of the inference process (huge pages for the weights and
 *   single-threaded GC, see studio/inference-client/inference-env.ts) shows apart from the code;
 *   `raw_onnxruntime_no_huge_pages`: the inference setup less huge pages (`huge_pages_gain_fp32`;
 *   against the plain process, `single_threaded_gc_gain_fp32`).
 * Then the weight variants that `packs optimize` writes (variant folders of the same fixture,
 * see text/variant-packs.ts), each against the float32 bare loop of the same run:
 * - `taleweaver_<int8|q4|fp16>`: ours on the variant (`ratio_<variant>_vs_fp32`);
 * - `transformersjs_q4`: transformers.js on the same q4 file (`ratio_q4_vs_transformersjs_q4`);
 * - `raw_onnxruntime_<variant>` with and without huge pages (`huge_pages_gain_<variant>`), and
 *   the alternatives optimize was chosen over: int8 as DequantizeLinear + MatMul, q4 in the
 *   other block size, q4 with float32 products (`ratio_int8_dequantize_vs_dynamic`,
 *   `ratio_q4_block128_vs_block32`, `ratio_q4_integer_vs_float_products`);
 * - `raw_onnxruntime_no_spinning` and `raw_onnxruntime_q4_no_spinning`: the pool sleeping between
 *   kernels instead of spinning (`spinning_gain_fp32`, `spinning_gain_q4`);
 * - the fusion apart from the weights: q4 without it (`fusion_gain_q4`), and the float32 file
 *   with it (`fusion_gain_fp32`; `ratio_q4_vs_fp32_fused` is then what the smaller weights
 *   alone gain, as both sides have the same nodes).
 * Finally the quality of int8 and q4 on the trained starter text pack (resources/models/starter-story).
 * Decode rate = tokens after the first / time after the first; TTFT includes the prefill.
 * `ratio_vs_own_model_runs` is our decode rate over the rate of the model runs inside the same
 * decodes (the engine times them): what the loop costs, free of the noise between processes.
 *
 * Usage: npm run bench -- text [--rounds N]
 */
import { Q4_BLOCK_SIZE } from '../src/main/inference/quantize/optimize-model'
import { EngineClient } from '../src/main/studio/inference-client/engine-client'
import { INFERENCE_EXEC_ARGV, inferenceEnv } from '../src/main/studio/inference-client/inference-env'
import { Pcg32 } from '../src/main/inference/text/sampling/random'
import { LARGE_FIXTURES, largeFixturePacks } from '../test/fixtures/packs'
import { median, numberFlag, roundTo } from './shared/figures'
import { NEW_TOKENS, NO_SPINNING_ENV, PROMPT, runInFreshProcess, type ProcessSetup, type Run } from './text/contenders'
import { starterQuality } from './text/starter-quality'
import { variantFolders } from './text/variant-packs'

export default async function benchText(args: string[]): Promise<void> {
  const rounds = numberFlag(args, '--rounds', 3)
  const dir = (await largeFixturePacks())[LARGE_FIXTURES.gpt2Small]
  if (!dir) {
    console.log(JSON.stringify({ skipped: 'the GPT-2-small fixture needs the real GPT-2 tokenizer in ../shared/data/gpt2' }))
    return
  }
  for (const figures of await starterQuality()) console.log(JSON.stringify(figures))
  const variants = await variantFolders(dir, (line) => console.log(JSON.stringify({ note: line })))
  const inference: ProcessSetup = { env: inferenceEnv(process.env, process.platform), execArgv: INFERENCE_EXEC_ARGV }
  const plainNode: ProcessSetup = { env: process.env, execArgv: [] }
  const noHugePages: ProcessSetup = { env: process.env, execArgv: INFERENCE_EXEC_ARGV }
  const noSpinning: ProcessSetup = { ...inference, env: { ...inference.env, [NO_SPINNING_ENV]: '1' } }
  const contenders: { name: string; run(): Promise<Run> }[] = [
    { name: 'taleweaver', run: () => taleweaver(dir) },
    { name: 'transformersjs', run: () => runInFreshProcess('transformersjs', dir, plainNode) },
    { name: 'raw_onnxruntime', run: () => runInFreshProcess('raw_onnxruntime', dir, inference) },
    { name: 'raw_onnxruntime_plain_node', run: () => runInFreshProcess('raw_onnxruntime', dir, plainNode) },
    { name: 'raw_onnxruntime_no_huge_pages', run: () => runInFreshProcess('raw_onnxruntime', dir, noHugePages) },
    { name: 'raw_onnxruntime_no_spinning', run: () => runInFreshProcess('raw_onnxruntime', dir, noSpinning) },
    { name: 'transformersjs_inference_setup', run: () => runInFreshProcess('transformersjs', dir, inference) },
    ...(['int8', 'q4', 'fp16'] as const).map((v) => ({ name: `taleweaver_${v}`, run: () => taleweaver(variants[v]) })),
    { name: 'transformersjs_q4', run: () => runInFreshProcess('transformersjs', variants.q4, plainNode) },
    ...(['int8', 'q4', 'int8_dequantize', 'q4_other_block', 'q4_float_products', 'q4_unfused', 'fp32_fused'] as const).map((v) => ({ name: `raw_onnxruntime_${v}`, run: () => runInFreshProcess('raw_onnxruntime', variants[v], inference) })),
    ...(['int8', 'q4'] as const).map((v) => ({ name: `raw_onnxruntime_${v}_no_huge_pages`, run: () => runInFreshProcess('raw_onnxruntime', variants[v], noHugePages) })),
    { name: 'raw_onnxruntime_q4_no_spinning', run: () => runInFreshProcess('raw_onnxruntime', variants.q4, noSpinning) },
  ]
  const results = new Map<string, Run[]>(contenders.map((c) => [c.name, []]))
  const random = new Pcg32(2026)
  for (let round = 0; round < rounds; round++) {
    // A fresh order each round (seeded, so runs repeat): no contender always follows the same one.
    for (const contender of shuffled(contenders, random)) {
      const run = await contender.run()
      results.get(contender.name)!.push(run)
      console.log(JSON.stringify({ round, contender: contender.name, ...rounded(run) }))
    }
  }
  const rates = (name: string) => results.get(name)!.map((r) => r.decodeTokensPerSecond)
  const peerNames = ['transformersjs', 'raw_onnxruntime', 'raw_onnxruntime_plain_node', 'transformersjs_inference_setup']
  const summary: Record<string, number | string> = { summary: 'median over rounds', rounds, new_tokens: NEW_TOKENS }
  for (const { name } of contenders) {
    summary[`${name}_tok_s`] = roundTo(median(rates(name)), 1)
    summary[`${name}_ttft_ms`] = roundTo(median(results.get(name)!.map((r) => r.ttftMs)), 1)
  }
  for (const peer of peerNames) summary[`ratio_vs_${peer}`] = roundTo(median(rates('taleweaver')) / median(rates(peer)), 3)
  summary.ratio_vs_own_model_runs = roundTo(median(results.get('taleweaver')!.map((r) => r.modelShare!)), 3)
  const ratio = (a: string, b: string) => roundTo(median(rates(a)) / median(rates(b)), 3)
  for (const v of ['q4', 'int8', 'fp16']) summary[`ratio_${v}_vs_fp32`] = ratio(`taleweaver_${v}`, 'raw_onnxruntime')
  summary.ratio_q4_vs_transformersjs_q4 = ratio('taleweaver_q4', 'transformersjs_q4')
  summary.ratio_int8_dequantize_vs_dynamic = ratio('raw_onnxruntime_int8_dequantize', 'raw_onnxruntime_int8')
  summary.ratio_q4_block128_vs_block32 = Q4_BLOCK_SIZE === 128 ? ratio('raw_onnxruntime_q4', 'raw_onnxruntime_q4_other_block') : ratio('raw_onnxruntime_q4_other_block', 'raw_onnxruntime_q4')
  summary.ratio_q4_integer_vs_float_products = ratio('raw_onnxruntime_q4', 'raw_onnxruntime_q4_float_products')
  summary.huge_pages_gain_fp32 = ratio('raw_onnxruntime', 'raw_onnxruntime_no_huge_pages')
  for (const v of ['int8', 'q4']) summary[`huge_pages_gain_${v}`] = ratio(`raw_onnxruntime_${v}`, `raw_onnxruntime_${v}_no_huge_pages`)
  summary.single_threaded_gc_gain_fp32 = ratio('raw_onnxruntime_no_huge_pages', 'raw_onnxruntime_plain_node')
  summary.spinning_gain_fp32 = ratio('raw_onnxruntime', 'raw_onnxruntime_no_spinning')
  summary.spinning_gain_q4 = ratio('raw_onnxruntime_q4', 'raw_onnxruntime_q4_no_spinning')
  summary.fusion_gain_q4 = ratio('raw_onnxruntime_q4', 'raw_onnxruntime_q4_unfused')
  summary.fusion_gain_fp32 = ratio('raw_onnxruntime_fp32_fused', 'raw_onnxruntime')
  summary.ratio_q4_vs_fp32_fused = ratio('taleweaver_q4', 'raw_onnxruntime_fp32_fused')
  console.log(JSON.stringify(summary))
  // On a shared machine whole rounds speed up and slow down together: the ratio within each
  // round, and each contender's best round, are steadier views of the same runs.
  const steadier: Record<string, number | string> = { summary: 'median of per-round ratios; best round' }
  const perRound = (a: string, b: string) => roundTo(median(rates(a).map((rate, i) => rate / rates(b)[i])), 3)
  for (const peer of peerNames) steadier[`per_round_ratio_vs_${peer}`] = perRound('taleweaver', peer)
  for (const v of ['q4', 'int8', 'fp16']) steadier[`per_round_ratio_${v}_vs_fp32`] = perRound(`taleweaver_${v}`, 'raw_onnxruntime')
  steadier.per_round_ratio_q4_vs_transformersjs_q4 = perRound('taleweaver_q4', 'transformersjs_q4')
  for (const { name } of contenders) steadier[`${name}_best_tok_s`] = roundTo(Math.max(...rates(name)), 1)
  console.log(JSON.stringify(steadier))
}

/** Ours, as the studio runs it: the inference process, the cache, the sampler, the streaming. */
async function taleweaver(dir: string): Promise<Run> {
  const engine = new EngineClient()
  const request = { dir, prompt: PROMPT, options: { greedy: true, maxNewTokens: NEW_TOKENS, repetitionPenalty: 1, noRepeatNgramSize: 0 } }
  try {
    await engine.run('text.generate', request)
    const started = performance.now()
    let events = 0
    const result = await engine.run('text.generate', request, { onEvent: () => void (events += 1) })
    const ended = performance.now()
    // The inference process times its own steps; the caller's clock, token events included, must agree.
    const wall = ended - started
    const inEngine = result.timings.firstTokenMs + result.timings.decodeMs
    if (Math.abs(wall - inEngine) > 0.05 * wall + 20) console.log(JSON.stringify({ note: 'process hop visible', wallMs: wall, inEngineMs: inEngine, events }))
    const { firstTokenMs, tokensPerSecond, decodeMs, decodeModelMs } = result.timings
    return { ttftMs: firstTokenMs, decodeTokensPerSecond: tokensPerSecond, tokens: result.tokens, modelShare: decodeModelMs / decodeMs }
  } finally {
    await engine.dispose()
  }
}

/** A Fisher-Yates shuffle of a copy of `items`. */
function shuffled<T>(items: readonly T[], random: Pcg32): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}

const rounded = (run: Run) => ({ ttft_ms: roundTo(run.ttftMs, 1), decode_tok_s: roundTo(run.decodeTokensPerSecond, 1), tokens: run.tokens })
