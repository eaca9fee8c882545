import { join } from 'node:path'
import { z } from 'zod'
import { ContractError } from '../../../../shared/errors'
import type { SamplingOptions } from '../../../../shared/contract'
import { readPackJson } from '../../runtime/pack-files'
import { TextTokenizer } from '../tokenizer'

/** What a GPT-2 text pack says about its model, read from its config files. */
export interface TextPackConfig {
  layers: number
  heads: number
  /** Width of the hidden state; head size is embedding / heads. */
  embedding: number
  /** n_positions: prompt + new tokens never exceed it. */
  contextLength: number
  vocabularySize: number
  /** Tokens that end the text (config, generation_config and tokenizer_config together). */
  endOfTextIds: number[]
  /** The token an empty prompt starts from (bos, which is end-of-text for GPT-2). */
  startId: number
  /** Sampling defaults from generation_config.json, in the contract's terms. */
  generationDefaults: GenerationConfigDefaults
}

export interface GenerationConfigDefaults extends Omit<SamplingOptions, 'badWords' | 'stopStrings' | 'seed'> {
  /** generation_config's do_sample, when it says. */
  doSample?: boolean
  /** Token sequences never to generate (bad_words_ids). */
  badWordsIds?: number[][]
}

const positive = z.int().min(1)
const tokenIds = z.union([z.int().min(0), z.array(z.int().min(0))]).optional()

const ModelConfig = z.object({
  model_type: z.string().optional(),
  n_layer: positive,
  n_head: positive,
  n_embd: positive,
  n_positions: positive.optional(),
  n_ctx: positive.optional(),
  vocab_size: positive,
  bos_token_id: z.int().min(0).nullish(),
  eos_token_id: tokenIds.nullable(),
})

const GenerationConfig = z.object({
  bos_token_id: z.int().min(0).nullish(),
  eos_token_id: tokenIds.nullable(),
  do_sample: z.boolean().optional(),
  max_new_tokens: positive.nullish(),
  min_new_tokens: z.int().min(0).nullish(),
  temperature: z.number().min(0).nullish(),
  top_k: z.int().min(0).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repetition_penalty: z.number().gt(0).nullish(),
  no_repeat_ngram_size: z.int().min(0).nullish(),
  bad_words_ids: z.array(z.array(z.int().min(0))).nullish(),
})

const TokenizerConfig = z.object({
  eos_token: z.union([z.string(), z.object({ content: z.string() })]).nullish(),
})

/**
 * Reads a text pack's config.json, generation_config.json (optional), tokenizer.json and
 * tokenizer_config.json. A missing or malformed file is a `pack-invalid` error naming it.
 */
export async function readTextPack(dir: string): Promise<{ config: TextPackConfig; tokenizer: TextTokenizer }> {
  const model = parseWith(ModelConfig, join(dir, 'config.json'), await readPackJson(join(dir, 'config.json')))
  if (model.model_type !== undefined && model.model_type !== 'gpt2') {
    throw new ContractError('pack-invalid', `${join(dir, 'config.json')}: model_type is "${model.model_type}"; text packs must be GPT-2.`)
  }
  const generationPath = join(dir, 'generation_config.json')
  const generation = parseWith(GenerationConfig, generationPath, await readPackJson(generationPath, { optional: true }))
  const tokenizerConfigPath = join(dir, 'tokenizer_config.json')
  const tokenizerConfigJson = await readPackJson(tokenizerConfigPath)
  const tokenizerConfig = parseWith(TokenizerConfig, tokenizerConfigPath, tokenizerConfigJson)
  const tokenizer = openTokenizer(join(dir, 'tokenizer.json'), await readPackJson(join(dir, 'tokenizer.json')), tokenizerConfigJson)

  const contextLength = model.n_positions ?? model.n_ctx
  if (contextLength === undefined) {
    throw new ContractError('pack-invalid', `${join(dir, 'config.json')}: n_positions is missing, so the context length is unknown.`)
  }
  const eosToken = tokenizerConfig.eos_token
  const eosFromTokenizer = eosToken ? tokenizer.tokenId(typeof eosToken === 'string' ? eosToken : eosToken.content) : undefined
  // A WordPiece GPT-2 (the Chinese family) was trained on [CLS] text [SEP]: [SEP] ends its text.
  // Its config still carries GPT2Config's own bos/eos (50256), outside its vocabulary: not used.
  const endOfTextIds =
    tokenizer.family === 'wordpiece' && tokenizer.endId !== undefined
      ? [tokenizer.endId]
      : [...new Set([...asList(model.eos_token_id), ...asList(generation.eos_token_id), ...asList(eosFromTokenizer)])]
  if (endOfTextIds.length === 0) {
    throw new ContractError('pack-invalid', `${join(dir, 'config.json')}: no eos_token_id, and tokenizer_config.json names no eos_token.`)
  }
  for (const id of endOfTextIds) {
    if (id >= model.vocab_size) {
      throw new ContractError('pack-invalid', `${join(dir, 'config.json')}: end-of-text id ${id} is outside the vocabulary (${model.vocab_size}).`)
    }
  }
  return {
    tokenizer,
    config: {
      layers: model.n_layer,
      heads: model.n_head,
      embedding: model.n_embd,
      contextLength,
      vocabularySize: model.vocab_size,
      endOfTextIds,
      startId: tokenizer.promptPrefix[0] ?? generation.bos_token_id ?? model.bos_token_id ?? endOfTextIds[0],
      generationDefaults: dropUnset({
        doSample: generation.do_sample,
        maxNewTokens: generation.max_new_tokens,
        minNewTokens: generation.min_new_tokens,
        temperature: generation.temperature,
        topK: generation.top_k,
        topP: generation.top_p,
        minP: generation.min_p,
        repetitionPenalty: generation.repetition_penalty,
        noRepeatNgramSize: generation.no_repeat_ngram_size,
        badWordsIds: generation.bad_words_ids,
      }),
    },
  }
}

function openTokenizer(path: string, tokenizerJson: unknown, tokenizerConfig: unknown): TextTokenizer {
  try {
    return new TextTokenizer(tokenizerJson as object, tokenizerConfig as object)
  } catch (error) {
    throw new ContractError('pack-invalid', `${path}: not a tokenizer this studio can read (${(error as Error).message}).`)
  }
}

function parseWith<T>(schema: z.ZodType<T>, path: string, value: unknown): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new ContractError('pack-invalid', `${path}: ${issue.path.join('.') || 'file'}: ${issue.message}.`)
}

function asList(ids: number | number[] | null | undefined): number[] {
  if (ids === undefined || ids === null) return []
  return Array.isArray(ids) ? ids : [ids]
}

function dropUnset<T extends object>(value: { [K in keyof T]: T[K] | null | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T
}
