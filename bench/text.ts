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
 *   kind of process, so that the memory setup of the inference process (huge pages for the
 *   weights, see engine/host/inference-env.ts) shows apart from the code.
 * Decode rate = tokens after the first / time after the first; TTFT includes the prefill.
 * `ratio_vs_own_model_runs` is our decode rate over the rate of the model runs inside the same
 * decodes (the engine times them): what the loop costs, free of the noise between processes.
 *
 * Usage: npm run bench -- text [--rounds N]
 */
import { EngineClient } from '../src/main/studio/inference-client/engine-client'
import { inferenceEnv } from '../src/main/studio/inference-client/inference-env'
import { LARGE_FIXTURES, largeFixturePacks } from '../test/fixtures/packs'
import { median, numberFlag, roundTo } from './shared/figures'
import { NEW_TOKENS, PROMPT, runInFreshProcess, type Run } from './text/contenders'

export default async function benchText(args: string[]): Promise<void> {
  const rounds = numberFlag(args, '--rounds', 3)
  const dir = (await largeFixturePacks())[LARGE_FIXTURES.gpt2Small]
  if (!dir) {
    console.log(JSON.stringify({ skipped: 'the GPT-2-small fixture needs the real GPT-2 tokenizer in ../shared/data/gpt2' }))
    return
  }
  const inference = inferenceEnv(process.env, process.platform)
  const contenders: { name: string; run(): Promise<Run> }[] = [
    { name: 'taleweaver', run: () => taleweaver(dir) },
    { name: 'transformersjs', run: () => runInFreshProcess('transformersjs', dir, process.env) },
    { name: 'raw_onnxruntime', run: () => runInFreshProcess('raw_onnxruntime', dir, inference) },
    { name: 'raw_onnxruntime_plain_node', run: () => runInFreshProcess('raw_onnxruntime', dir, process.env) },
    { name: 'transformersjs_inference_setup', run: () => runInFreshProcess('transformersjs', dir, inference) },
  ]
  const results = new Map<string, Run[]>(contenders.map((c) => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no contender always runs right after the same one.
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + round) % contenders.length]
      const run = await contender.run()
      results.get(contender.name)!.push(run)
      console.log(JSON.stringify({ round, contender: contender.name, ...rounded(run) }))
    }
  }
  const rates = (name: string) => results.get(name)!.map((r) => r.decodeTokensPerSecond)
  const peerNames = contenders.map((c) => c.name).filter((name) => name !== 'taleweaver')
  const summary: Record<string, number | string> = { summary: 'median over rounds', rounds, new_tokens: NEW_TOKENS }
  for (const { name } of contenders) {
    summary[`${name}_tok_s`] = roundTo(median(rates(name)), 1)
    summary[`${name}_ttft_ms`] = roundTo(median(results.get(name)!.map((r) => r.ttftMs)), 1)
  }
  for (const peer of peerNames) summary[`ratio_vs_${peer}`] = roundTo(median(rates('taleweaver')) / median(rates(peer)), 3)
  summary.ratio_vs_own_model_runs = roundTo(median(results.get('taleweaver')!.map((r) => r.modelShare!)), 3)
  console.log(JSON.stringify(summary))
  // On a shared machine whole rounds speed up and slow down together: the ratio within each
  // round, and each contender's best round, are steadier views of the same runs.
  const steadier: Record<string, number | string> = { summary: 'median of per-round ratios; best round' }
  for (const peer of peerNames) {
    steadier[`per_round_ratio_vs_${peer}`] = roundTo(median(rates('taleweaver').map((rate, i) => rate / rates(peer)[i])), 3)
  }
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

const rounded = (run: Run) => ({ ttft_ms: roundTo(run.ttftMs, 1), decode_tok_s: roundTo(run.decodeTokensPerSecond, 1), tokens: run.tokens })
