/**
 * The text benchmark's peers, each decoding the same prompt greedily for NEW_TOKENS tokens from
 * the same folder, each in a process of its own: a plain Node one, or one started like the
 * inference process (its environment and V8 flags, see studio/inference-client/inference-env.ts),
 * so that the setup of a process shows apart from the code that runs in it.
 */
import { fork } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers'
import { Tokenizer } from '@huggingface/tokenizers'
import * as ort from 'onnxruntime-node'
import { sessionOptions } from '../../src/main/inference/runtime/session'
import { findTextModelFiles } from '../../src/main/inference/text/pack/model-files'

export const NEW_TOKENS = 64
/** Set in a bare loop's environment: its onnxruntime pool sleeps between kernels instead of spinning. */
export const NO_SPINNING_ENV = 'TALEWEAVER_BENCH_NO_SPINNING'
/** Loading, a warm-up and a measured run take seconds (a minute on a busy 2-core machine); a peer still silent after this is stuck. */
const PEER_TIMEOUT_MS = 300_000
/** How a peer's process starts: its environment and Node/V8 flags. */
export interface ProcessSetup {
  env: NodeJS.ProcessEnv
  execArgv: readonly string[]
}

export const PROMPT = 'Once upon a time, in a village at the edge of a great forest, there lived a young girl who'

export interface Run {
  ttftMs: number
  /** Tokens after the first / time after the first. */
  decodeTokensPerSecond: number
  tokens: number
  /** Ours only: the share of the decode time spent inside model runs. */
  modelShare?: number
}
interface Peer {
  run(): Promise<Run>
  close(): Promise<void>
}

export type PeerKind = 'transformersjs' | 'raw_onnxruntime'
export const peers: Record<PeerKind, (dir: string) => Promise<Peer>> = {
  transformersjs: transformersJs,
  raw_onnxruntime: rawOnnxruntime,
}

/**
 * transformers.js generate() on the folder, as it configures itself, asked for the weights the
 * folder holds (model.onnx is fp32, model_q4.onnx q4...); a streamer timestamps each token.
 */
async function transformersJs(dir: string): Promise<Peer> {
  const { dtype } = await findTextModelFiles(dir)
  env.allowRemoteModels = false
  env.allowLocalModels = true
  env.localModelPath = dirname(dir) + '/'
  const tokenizer = await AutoTokenizer.from_pretrained(basename(dir))
  const model = await AutoModelForCausalLM.from_pretrained(basename(dir), { device: 'cpu', dtype })
  const inputs = tokenizer(PROMPT)
  return {
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

/**
 * The floor: session.run in a loop with the app's session options, presents fed back as pasts,
 * argmax of the last row, nothing else. Runs the folder's one decoder file (a variant folder
 * holds only its variant).
 */
async function rawOnnxruntime(dir: string): Promise<Peer> {
  // The text decoder's options; NO_SPINNING_ENV turns the pool's spinning off to measure what it gains.
  const options = sessionOptions('cpu', undefined, !process.env[NO_SPINNING_ENV])
  const session = await ort.InferenceSession.create((await findTextModelFiles(dir)).prefill, options)
  const read = async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8'))
  const promptIds = new Tokenizer(await read('tokenizer.json'), await read('tokenizer_config.json')).encode(PROMPT).ids
  const config = await read('config.json')
  const layers: number = config.n_layer
  const heads: number = config.n_head
  const headSize: number = config.n_embd / heads
  const vocabulary: number = config.vocab_size
  const ones = new BigInt64Array(config.n_positions).fill(1n)
  const positions = BigInt64Array.from({ length: config.n_positions }, (_, i) => BigInt(i))
  return {
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

/**
 * Runs a peer once in a fresh process started as `setup` says: loads it, decodes once to warm
 * up, then once measured. A fresh process per run because where a process's weights land in
 * memory moved its decode rate by up to 30% between processes here (same file, same options).
 */
export async function runInFreshProcess(kind: PeerKind, dir: string, setup: ProcessSetup): Promise<Run> {
  const child = fork(fileURLToPath(new URL('./contender-process.ts', import.meta.url)), [kind, dir], {
    execArgv: [...setup.execArgv, '--import', import.meta.resolve('tsx')],
    env: setup.env,
    serialization: 'advanced',
  })
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<Run>((resolve, reject) => {
      child.once('message', (run) => resolve(run as Run))
      child.once('exit', (code) => reject(new Error(`${kind} exited with code ${code}`)))
      child.once('error', reject)
      timer = setTimeout(() => reject(new Error(`${kind} gave no result within ${PEER_TIMEOUT_MS / 1000} s`)), PEER_TIMEOUT_MS)
    })
  } finally {
    clearTimeout(timer)
    child.kill()
  }
}
