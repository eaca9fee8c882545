/**
 * Text decoding speed on the GPT-2-small-shaped fixture (random weights, real tokenizer), CPU,
 * greedy, one prompt, 64 new tokens. Contenders run interleaved, round after round, so that a
 * noisy machine slows them alike:
 * - `taleweaver`: the app's path, through the inference worker (EngineClient -> text.generate);
 * - `transformersjs`: transformers.js generate() on the same folder, as it configures itself;
 * - `transformersjs_same_threads`: the same, given our session thread count;
 * - `raw_onnxruntime`: a bare loop of session.run feeding the cache back (argmax only), with our
 *   session options, so the ratio to it is what our loop costs;
 * - `raw_onnxruntime_defaults`: that loop with onnxruntime's default options.
 * Decode rate = tokens after the first / time after the first; TTFT includes the prefill.
 * `cpu_ms` is the process's CPU time for the whole run (prefill and 64 tokens): on a machine
 * shared with other work it moves far less than wall time, so its ratios are the steadier
 * comparison between the single-threaded contenders (ours, raw, transformers.js same threads).
 *
 * Usage: npm run bench -- text [--rounds N]
 */
import { basename, dirname, join } from 'node:path'
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers'
import * as ort from 'onnxruntime-node'
import { EngineClient } from '../src/main/engine/host/engine-client'
import { sessionOptions } from '../src/main/engine/runtime/session'
import { LARGE_FIXTURES, largeFixturePacks } from '../test/fixtures/packs'

const NEW_TOKENS = 64
const PROMPT = 'Once upon a time, in a village at the edge of a great forest, there lived a young girl who'

interface Run {
  ttftMs: number
  decodeTokensPerSecond: number
  tokens: number
  cpuMs: number
}
type Contender = { name: string; run(): Promise<Omit<Run, 'cpuMs'>>; close(): Promise<void> }

/** Runs a contender once, adding the process CPU time the run took. */
async function measure(contender: Contender): Promise<Run> {
  const before = process.cpuUsage()
  const run = await contender.run()
  const cpu = process.cpuUsage(before)
  return { ...run, cpuMs: (cpu.user + cpu.system) / 1000 }
}

export default async function benchText(args: string[]): Promise<void> {
  const roundsFlag = args.indexOf('--rounds')
  const rounds = roundsFlag >= 0 ? Number(args[roundsFlag + 1]) : 3
  const dir = (await largeFixturePacks())[LARGE_FIXTURES.gpt2Small]
  if (!dir) {
    console.log(JSON.stringify({ skipped: 'the GPT-2-small fixture needs the real GPT-2 tokenizer in ../shared/data/gpt2' }))
    return
  }
  const modelPath = join(dir, 'onnx', 'model.onnx')
  // The first session a process creates runs this model ~8% slower than any later one (same file,
  // same options, measured side by side); a throwaway first session keeps that off every contender.
  await (await ort.InferenceSession.create(modelPath, sessionOptions('cpu'))).release()
  const contenders = [
    await taleweaver(dir),
    await transformersJs(dir, 'transformersjs', {}),
    await transformersJs(dir, 'transformersjs_same_threads', { intraOpNumThreads: sessionOptions('cpu').intraOpNumThreads }),
    await rawOnnxruntime(modelPath, 'raw_onnxruntime', sessionOptions('cpu')),
    await rawOnnxruntime(modelPath, 'raw_onnxruntime_defaults', { executionProviders: ['cpu'] }),
  ]
  const results = new Map<string, Run[]>(contenders.map((c) => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no contender always runs right after the same one.
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + round) % contenders.length]
      const run = await measure(contender)
      results.get(contender.name)!.push(run)
      console.log(JSON.stringify({ round, contender: contender.name, ...rounded(run) }))
    }
  }
  const median = (name: string, key: keyof Run) => medianOf(results.get(name)!.map((r) => r[key]))
  const ours = median('taleweaver', 'decodeTokensPerSecond')
  const summary: Record<string, number | string> = { summary: 'median over rounds', rounds, new_tokens: NEW_TOKENS }
  for (const { name } of contenders) {
    summary[`${name}_tok_s`] = round1(median(name, 'decodeTokensPerSecond'))
    summary[`${name}_ttft_ms`] = round1(median(name, 'ttftMs'))
  }
  for (const peer of ['transformersjs', 'transformersjs_same_threads', 'raw_onnxruntime', 'raw_onnxruntime_defaults']) {
    summary[`ratio_vs_${peer}`] = round3(ours / median(peer, 'decodeTokensPerSecond'))
  }
  console.log(JSON.stringify(summary))
  // On a shared machine whole rounds speed up and slow down together: the ratio within each
  // round, and each contender's best round, are steadier views of the same runs.
  const steadier: Record<string, number | string> = { summary: 'median of per-round ratios; best round' }
  for (const peer of ['transformersjs', 'raw_onnxruntime']) {
    const perRound = results.get('taleweaver')!.map((run, i) => run.decodeTokensPerSecond / results.get(peer)![i].decodeTokensPerSecond)
    steadier[`per_round_ratio_vs_${peer}`] = round3(medianOf(perRound))
  }
  for (const { name } of contenders) steadier[`${name}_best_tok_s`] = round1(Math.max(...results.get(name)!.map((r) => r.decodeTokensPerSecond)))
  const oursCpu = median('taleweaver', 'cpuMs')
  for (const peer of ['transformersjs_same_threads', 'raw_onnxruntime']) steadier[`cpu_ratio_vs_${peer}`] = round3(median(peer, 'cpuMs') / oursCpu)
  console.log(JSON.stringify(steadier))
  for (const contender of contenders) await contender.close()
}

/** Ours, as the studio runs it: the inference worker, the cache, the sampler, the streaming. */
async function taleweaver(dir: string): Promise<Contender> {
  const engine = new EngineClient()
  const options = { greedy: true, maxNewTokens: NEW_TOKENS, repetitionPenalty: 1, noRepeatNgramSize: 0 }
  await engine.run('text.generate', { dir, prompt: PROMPT, options: { ...options, maxNewTokens: 2 } })
  return {
    name: 'taleweaver',
    run: async () => {
      const started = performance.now()
      let events = 0
      const result = await engine.run('text.generate', { dir, prompt: PROMPT, options }, { onEvent: () => void (events += 1) })
      const ended = performance.now()
      // The worker times its own steps; the caller's clock, token events included, must agree.
      const wall = ended - started
      const inWorker = result.timings.firstTokenMs + result.timings.decodeMs
      if (Math.abs(wall - inWorker) > 0.05 * wall + 20) console.log(JSON.stringify({ note: 'worker hop visible', wallMs: wall, inWorkerMs: inWorker, events }))
      return { ttftMs: result.timings.firstTokenMs, decodeTokensPerSecond: result.timings.tokensPerSecond, tokens: result.tokens }
    },
    close: () => engine.dispose(),
  }
}

/** transformers.js generate() on the same folder; a streamer timestamps each token. */
async function transformersJs(dir: string, name: string, session_options: Record<string, unknown>): Promise<Contender> {
  env.allowRemoteModels = false
  env.allowLocalModels = true
  env.localModelPath = dirname(dir) + '/'
  const tokenizer = await AutoTokenizer.from_pretrained(basename(dir))
  const model = await AutoModelForCausalLM.from_pretrained(basename(dir), { device: 'cpu', dtype: 'fp32', session_options })
  const inputs = tokenizer(PROMPT)
  return {
    name,
    run: async () => {
      const stamps: number[] = []
      // The first put() is the prompt; each later one is a new token.
      const streamer = { put: () => void stamps.push(performance.now()), end: () => {} }
      const started = performance.now()
      await model.generate({ ...inputs, max_new_tokens: NEW_TOKENS, do_sample: false, streamer } as never)
      const tokens = stamps.length - 1
      return { ttftMs: stamps[1] - started, decodeTokensPerSecond: ((tokens - 1) * 1000) / (stamps[tokens] - stamps[1]), tokens }
    },
    close: async () => {
      await model.dispose()
    },
  }
}

/** The floor: session.run in a loop, presents fed back as pasts, argmax of the last row. */
async function rawOnnxruntime(modelPath: string, name: string, options: ort.InferenceSession.SessionOptions): Promise<Contender> {
  const session = await ort.InferenceSession.create(modelPath, options)
  const { Tokenizer } = await import('@huggingface/tokenizers')
  const { readFile } = await import('node:fs/promises')
  const folder = dirname(dirname(modelPath))
  const read = async (file: string) => JSON.parse(await readFile(join(folder, file), 'utf8'))
  const promptIds = new Tokenizer(await read('tokenizer.json'), await read('tokenizer_config.json')).encode(PROMPT).ids
  const config = await read('config.json')
  const layers: number = config.n_layer
  const heads: number = config.n_head
  const headSize: number = config.n_embd / heads
  const vocabulary: number = config.vocab_size
  const ones = new BigInt64Array(config.n_positions).fill(1n)
  const positions = BigInt64Array.from({ length: config.n_positions }, (_, i) => BigInt(i))
  return {
    name,
    run: async () => {
      let past: Record<string, ort.Tensor> = {}
      for (let l = 0; l < layers; l++) {
        for (const part of ['key', 'value']) past[`past_key_values.${l}.${part}`] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headSize])
      }
      let tokens = promptIds
      let length = 0
      let first = 0
      const started = performance.now()
      for (let step = 0; step < NEW_TOKENS; step++) {
        const n = tokens.length
        const out = await session.run({
          input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens, BigInt), [1, n]),
          attention_mask: new ort.Tensor('int64', ones.subarray(0, length + n), [1, length + n]),
          position_ids: new ort.Tensor('int64', positions.subarray(length, length + n), [1, n]),
          ...past,
        })
        length += n
        const row = (out.logits.data as Float32Array).subarray((n - 1) * vocabulary)
        let best = 0
        for (let i = 1; i < vocabulary; i++) if (row[i] > row[best]) best = i
        tokens = [best]
        past = {}
        for (let l = 0; l < layers; l++) for (const part of ['key', 'value']) past[`past_key_values.${l}.${part}`] = out[`present.${l}.${part}`]
        if (step === 0) first = performance.now()
      }
      const ended = performance.now()
      return { ttftMs: first - started, decodeTokensPerSecond: ((NEW_TOKENS - 1) * 1000) / (ended - first), tokens: NEW_TOKENS }
    },
    close: () => session.release(),
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const round1 = (x: number) => Math.round(x * 10) / 10
const round3 = (x: number) => Math.round(x * 1000) / 1000
function rounded(run: Run): Record<string, number> {
  return { ttft_ms: round1(run.ttftMs), decode_tok_s: round1(run.decodeTokensPerSecond), tokens: run.tokens, cpu_ms: Math.round(run.cpuMs) }
}
