import { z } from 'zod'
import { defineCall, defineJob } from './define'

export const PackId = z.string().min(1).max(128)

/**
 * Weight types a GPT-2 export comes in, named after the transformers.js file suffixes
 * (`model_q4.onnx`); `fp32` is the file without a suffix.
 */
export const textWeights = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const
export const TextWeights = z.enum(textWeights)
export type TextWeights = z.infer<typeof TextWeights>

/** Which weights of a text pack run: one the person picked, or `auto` (the provider's best). */
export const WeightsChoice = z.enum(['auto', ...textWeights])
export type WeightsChoice = z.infer<typeof WeightsChoice>

/**
 * Sampling settings. Anything left out comes from the pack: first its manifest defaults, then
 * its generation_config.json, then the engine's own defaults.
 */
export const SamplingOptions = z.strictObject({
  /** Most tokens to generate. */
  maxNewTokens: z.int().min(1).max(4096).optional(),
  /** End-of-text is blocked until this many tokens exist; also the minimum for `stopAtSentenceEnd`. */
  minNewTokens: z.int().min(0).max(4096).optional(),
  /** Divides the logits; 0 means greedy. */
  temperature: z.number().min(0).max(10).optional(),
  /** Keep only the k most likely tokens; 0 turns it off. */
  topK: z.int().min(0).max(100_000).optional(),
  /** Keep the smallest set of tokens whose probability reaches p; 1 turns it off. */
  topP: z.number().gt(0).max(1).optional(),
  /** Drop tokens less likely than minP times the most likely one; 0 turns it off. */
  minP: z.number().min(0).max(1).optional(),
  /** Above 1 discourages tokens already in the story; 1 turns it off. */
  repetitionPenalty: z.number().min(0.1).max(10).optional(),
  /** No n-gram of this size appears twice; 0 turns it off. */
  noRepeatNgramSize: z.int().min(0).max(32).optional(),
  /** Words or phrases that are never generated. */
  badWords: z.array(z.string().min(1).max(200)).max(256).optional(),
  /** Generation stops once the new text contains one of these (the text keeps it). */
  stopStrings: z.array(z.string().min(1).max(200)).max(32).optional(),
  /** Stop at the first sentence end once `minNewTokens` tokens exist. */
  stopAtSentenceEnd: z.boolean().optional(),
  /** The same seed and settings give the same text. Random when left out. */
  seed: z.int().min(0).max(2 ** 32 - 1).optional(),
  /** Always take the most likely token (ignores temperature, top-k, top-p, min-p). */
  greedy: z.boolean().optional(),
})
export type SamplingOptions = z.infer<typeof SamplingOptions>

/** Prompts longer than this are refused at the boundary; long ones below it are windowed. */
export const MAX_PROMPT_CHARS = 1_000_000

export const TextGenerateInput = z.strictObject({
  pack: PackId.optional(),
  prompt: z.string().max(MAX_PROMPT_CHARS),
  options: SamplingOptions.optional(),
})
export type TextGenerateInput = z.infer<typeof TextGenerateInput>

export type TextStopReason = 'eos' | 'stop-string' | 'sentence-end' | 'max-tokens' | 'context-full'

/**
 * Why an execution provider did not run a model: `not-installed` when its libraries are not
 * part of this installation (the usual state of a CPU-only one), `failed` when it was tried
 * and did not start.
 */
export type ProviderFailure = 'not-installed' | 'failed'

/** One execution provider offered a model, in the order they were tried. */
export interface ProviderAttempt {
  /** cpu, cuda, dml, coreml or webgpu. */
  provider: string
  /** Why it did not run the model; absent for the one that did. */
  error?: string
  failure?: ProviderFailure
}

export interface TextGenerateResult {
  /** The new text only (the prompt is not repeated); equals the streamed tokens joined. */
  text: string
  /** New tokens generated. */
  tokens: number
  /** Prompt tokens the model saw (after windowing; 1 for an empty prompt: end-of-text). */
  promptTokens: number
  /** Prompt tokens dropped from the start to fit the context window (estimated past `trimmedChars`). */
  trimmedTokens: number
  /** Prompt characters dropped from the start to fit the context window. */
  trimmedChars: number
  stopReason: TextStopReason
  /** The execution provider that ran the model (`cpu`, `cuda`, ...). */
  provider: string
  /** Every provider offered the model, in order: the last ran it, each earlier one says why not. */
  providerAttempts: ProviderAttempt[]
  /** The weights that ran (`fp32`, or the variant chosen for the provider or picked by the person). */
  weights: TextWeights
  /** The seed used: the one asked for, or the one drawn (to reproduce the text). */
  seed: number
  /** Things a person should know: a trimmed prompt, a provider fallback, a capped length. */
  notices: string[]
  timings: {
    /** Time to open the model; 0 when it was already loaded. */
    loadMs: number
    /** Windowing and tokenizing the prompt, then running it through the model once. */
    prefillMs: number
    /** From the start of the run to the first token being emitted (load excluded). */
    firstTokenMs: number
    /** The token-by-token phase after the first token. */
    decodeMs: number
    /** Time inside model runs, part of decodeMs (the rest is choosing, decoding and streaming tokens). */
    decodeModelMs: number
    /** New tokens after the first, per second of decodeMs. */
    tokensPerSecond: number
  }
}

export const TokenizeInput = z.strictObject({
  pack: PackId.optional(),
  text: z.string().max(MAX_PROMPT_CHARS),
})

export interface TokenizeResult {
  ids: number[]
  count: number
  /** Set when the pack's limit cut the text (CLIP: 75 tokens). */
  truncated?: boolean
}

export const textCalls = {
  'text.generate': defineJob<TextGenerateResult, never>()(
    TextGenerateInput,
    'Continue a story; streams job.token events, ends with job.done (TextGenerateResult).',
  ),
  'text.tokenize': defineCall<TokenizeResult>()(TokenizeInput, 'Token ids of a text under a text pack.'),
}
