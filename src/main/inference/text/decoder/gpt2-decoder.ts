import * as ort from 'onnxruntime-node'
import type { ProviderName, ProviderPreference } from '../../runtime/execution-providers'
import { float16ToFloat32 } from '../../runtime/float16'
import { openSession, type ProviderAttempt } from '../../runtime/session'
import type { TextModelFiles } from '../pack/model-files'
import { readDecoderSignature, type DecoderSignature } from '../pack/decoder-signature'
import type { TextPackConfig } from '../pack/text-pack-config'

/**
 * The attention keys and values of every token seen so far, one tensor per layer and part,
 * exactly as the model returned them: they go back in as the next step's past without a copy.
 */
export interface KvCache {
  /** Tokens covered by the cache. */
  length: number
  /** Aligned with the decode file's past input names. */
  tensors: ort.Tensor[]
}

export interface ForwardResult {
  /** Logits of the last position only, as float32 (a view into the output when it already is). */
  logits: Float32Array
  cache: KvCache
}

/**
 * A GPT-2 decoder on onnxruntime, whichever way the export split it (see ModelLayout). Feeds
 * are built from the metadata read at load time: int64 or int32 indices, with or without
 * position_ids, a float32 or float16 cache, a merged file's branch switch.
 */
export class Gpt2Decoder {
  private constructor(
    private readonly prefillSession: ort.InferenceSession,
    private readonly prefillSignature: DecoderSignature,
    private readonly decodeSession: ort.InferenceSession,
    private readonly decodeSignature: DecoderSignature,
    readonly contextLength: number,
    readonly vocabularySize: number,
    readonly provider: ProviderName,
    readonly attempts: ProviderAttempt[],
  ) {}

  /** Opens the decoder files on the first execution provider that starts, then checks them. */
  static async open(files: TextModelFiles, config: TextPackConfig, preference: ProviderPreference = 'auto'): Promise<Gpt2Decoder> {
    // Decoding runs short kernels back to back: the pool's threads spin between them (see sessionOptions).
    const prefill = await openSession(files.prefill, preference, true)
    // The second file of a pair goes to the provider that already took the first.
    const decode = files.decode === files.prefill ? prefill : await openSession(files.decode, prefill.provider, true)
    try {
      const prefillSignature = signatureOf(files.prefill, prefill.session, config, files.layout !== 'pair')
      const decodeSignature = decode === prefill ? prefillSignature : signatureOf(files.decode, decode.session, config, true)
      return new Gpt2Decoder(
        prefill.session,
        prefillSignature,
        decode.session,
        decodeSignature,
        config.contextLength,
        config.vocabularySize,
        prefill.provider,
        prefill.attempts,
      )
    } catch (error) {
      await prefill.session.release()
      if (decode !== prefill) await decode.session.release()
      throw error
    }
  }

  /** The cache before the first token: zero-length past tensors, never a missing input. */
  emptyCache(): KvCache {
    const { cacheType, pastNames, heads, headSize } = this.decodeSignature
    const empty = () => new ort.Tensor(cacheType, cacheType === 'float16' ? new Uint16Array(0) : new Float32Array(0), [1, heads, 0, headSize])
    return { length: 0, tensors: pastNames.map(empty) }
  }

  /**
   * Runs `tokens` after the cached ones and returns the next-token logits and the longer cache.
   * The prompt goes through once (prefill); each later call is one token.
   */
  async forward(tokens: readonly number[], cache: KvCache): Promise<ForwardResult> {
    const { outputs, signature, total } = await this.run(tokens, cache)
    const logits = outputs.logits
    const rowStart = (tokens.length - 1) * this.vocabularySize
    const row = (logits.data as Float32Array | Uint16Array).subarray(rowStart, rowStart + this.vocabularySize)
    return {
      logits: signature.logitsType === 'float16' ? float16ToFloat32(row as Uint16Array) : (row as Float32Array),
      cache: { length: total, tensors: signature.presentNames.map((name) => outputs[name] as ort.Tensor) },
    }
  }

  /**
   * The logits after every position of `tokens` run as one prompt ([tokens, vocabulary] rows,
   * float32): the next-token predictions under teacher forcing, which quality checks compare.
   */
  async logitsAtEveryPosition(tokens: readonly number[]): Promise<Float32Array> {
    const { outputs, signature } = await this.run(tokens, this.emptyCache())
    const data = outputs.logits.data as Float32Array | Uint16Array
    return signature.logitsType === 'float16' ? float16ToFloat32(data as Uint16Array) : (data as Float32Array)
  }

  private async run(tokens: readonly number[], cache: KvCache) {
    const total = cache.length + tokens.length
    if (tokens.length === 0) throw new RangeError('forward needs at least one token.')
    if (total > this.contextLength) throw new RangeError(`${total} tokens exceed the context length ${this.contextLength}.`)
    const first = cache.length === 0
    const session = first ? this.prefillSession : this.decodeSession
    const signature = first ? this.prefillSignature : this.decodeSignature

    const feeds: Record<string, ort.Tensor> = {
      input_ids: indexTensor(signature.inputIdsType, tokens, [1, tokens.length]),
    }
    if (signature.attentionMaskType) feeds.attention_mask = this.ones(signature.attentionMaskType, total)
    if (signature.positionIdsType) feeds.position_ids = this.positions(signature.positionIdsType, cache.length, total)
    if (signature.hasCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', Uint8Array.of(first ? 0 : 1), [1])
    signature.pastNames.forEach((name, i) => (feeds[name] = cache.tensors[i]))

    // Outputs are left to onnxruntime: pre-allocated ones are still copied out by the Node
    // binding (1.30), which also writes a subarray view's data at the wrong offset.
    return { outputs: await session.run(feeds), signature, total }
  }

  /** Frees the sessions; the decoder cannot run afterwards. */
  async release(): Promise<void> {
    await this.prefillSession.release()
    if (this.decodeSession !== this.prefillSession) await this.decodeSession.release()
  }

  // The mask and positions of every step are prefixes of two buffers made once per decoder:
  // tensors over subarray views cost no copy.
  private readonly indexBuffers = new Map<string, BigInt64Array | Int32Array>()

  private ones(type: 'int64' | 'int32', length: number): ort.Tensor {
    return new ort.Tensor(type, this.buffer(`ones-${type}`, type, () => 1).subarray(0, length), [1, length])
  }

  private positions(type: 'int64' | 'int32', start: number, end: number): ort.Tensor {
    return new ort.Tensor(type, this.buffer(`positions-${type}`, type, (i) => i).subarray(start, end), [1, end - start])
  }

  private buffer(key: string, type: 'int64' | 'int32', value: (i: number) => number): BigInt64Array | Int32Array {
    let buffer = this.indexBuffers.get(key)
    if (!buffer) {
      const values = Array.from({ length: this.contextLength }, (_, i) => value(i))
      buffer = type === 'int64' ? BigInt64Array.from(values, BigInt) : Int32Array.from(values)
      this.indexBuffers.set(key, buffer)
    }
    return buffer
  }
}

function signatureOf(file: string, session: ort.InferenceSession, config: TextPackConfig, requirePast: boolean): DecoderSignature {
  return readDecoderSignature(file, session.inputMetadata, session.outputMetadata, config, requirePast)
}

function indexTensor(type: 'int64' | 'int32', values: readonly number[], dims: number[]): ort.Tensor {
  return type === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims) : new ort.Tensor('int32', Int32Array.from(values), dims)
}
