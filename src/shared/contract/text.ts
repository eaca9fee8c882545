import { z } from 'zod'
import { defineCall } from './define'
import type { JobRef } from './jobs'

export const PackId = z.string().min(1).max(128)

/** Sampling settings; anything left out comes from the pack's generation_config.json. */
export const SamplingOptions = z.strictObject({
  maxNewTokens: z.int().min(1).max(4096).optional(),
  minNewTokens: z.int().min(0).max(4096).optional(),
  temperature: z.number().min(0).max(10).optional(),
  topK: z.int().min(0).max(100_000).optional(),
  topP: z.number().gt(0).max(1).optional(),
  minP: z.number().min(0).max(1).optional(),
  repetitionPenalty: z.number().min(0.1).max(10).optional(),
  noRepeatNgramSize: z.int().min(0).max(32).optional(),
  badWords: z.array(z.string().min(1).max(200)).max(256).optional(),
  stopStrings: z.array(z.string().min(1).max(200)).max(32).optional(),
  seed: z.int().min(0).max(2 ** 32 - 1).optional(),
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

export interface TextGenerateResult {
  text: string
  tokens: number
  promptTokens: number
  /** Prompt tokens dropped from the start to fit the context window. */
  trimmedTokens: number
  stopReason: 'eos' | 'stop-string' | 'sentence-end' | 'max-tokens' | 'context-full'
  provider: string
  timings: { loadMs: number; prefillMs: number; decodeMs: number; tokensPerSecond: number }
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
  'text.generate': defineCall<JobRef>()(
    TextGenerateInput,
    'Continue a story; streams job.token events, ends with job.done (TextGenerateResult).',
  ),
  'text.tokenize': defineCall<TokenizeResult>()(TokenizeInput, 'Token ids of a text under a text pack.'),
}
