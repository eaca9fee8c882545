import type { ProviderPreference } from '../runtime/execution-providers'
import { likelyProvider, providerNotice } from '../runtime/session'
import { Gpt2Decoder } from './decoder/gpt2-decoder'
import type { WeightsChoice } from '../../../shared/pack-manifest'
import { dtypeOrderWithChoice, findTextModelFiles, type TextModelFiles } from './pack/model-files'
import { readTextPack, type TextPackConfig } from './pack/text-pack-config'
import type { TextTokenizer } from './tokenizer'

/** A text pack opened for generation: its config, tokenizer and running decoder. */
export interface TextModel {
  config: TextPackConfig
  tokenizer: TextTokenizer
  decoder: Gpt2Decoder
  files: TextModelFiles
  loadMs: number
  /** Set when the model does not run where a person would expect (see providerNotice). */
  providerNotice: string | null
}

export interface LoadOptions {
  provider?: ProviderPreference
  /** The weights the person picked (else the provider's best). */
  weights?: WeightsChoice
}

/**
 * Reads a text pack folder and opens its decoder, choosing among the pack's weight variants the
 * one the person picked, else the one that suits the provider it will run on; every mismatch is
 * a `pack-invalid` error.
 */
export async function loadTextModel(dir: string, options: LoadOptions = {}): Promise<TextModel> {
  const started = performance.now()
  const { config, tokenizer } = await readTextPack(dir)
  const files = await findTextModelFiles(dir, dtypeOrderWithChoice(likelyProvider(options.provider), options.weights))
  const decoder = await Gpt2Decoder.open(files, config, options.provider)
  return {
    config,
    tokenizer,
    decoder,
    files,
    loadMs: performance.now() - started,
    providerNotice: providerNotice(decoder.attempts, options.provider),
  }
}
