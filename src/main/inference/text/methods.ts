/**
 * The text engine's methods, served by the inference process (see engine/host). Parameters and
 * results cross a process boundary, so they are plain data.
 */
import type { SamplingOptions, TextGenerateResult, TokenizeResult } from '../../../shared/contract'
import type { WeightsChoice } from '../../../shared/pack-manifest'
import { onPackReleased } from '../packs/session-release'
import type { MethodContext } from '../protocol'
import { generate } from './generation/generate'
import { resolveSettings } from './generation/settings'
import { TextModelSlot } from './model-slot'
import type { TextModel } from './text-model'
import { PieceBatcher } from './piece-batcher'
import { runtimeSettings } from '../runtime/runtime-settings'

/** At most this often a token event leaves the inference process (about 30 a second). */
const TOKEN_EVENT_INTERVAL_MS = 33

export interface TextGenerateParams {
  /** The pack folder, as resolved by the studio. */
  dir: string
  prompt: string
  options?: SamplingOptions
  /** The manifest's `defaults`. */
  packDefaults?: Record<string, unknown>
  /** The weights the person picked for this pack (else the provider's best). */
  weights?: WeightsChoice
}

/** Streamed by `text.generate`: the new text since the last event, in order. */
export interface TextTokenEvent {
  type: 'token'
  text: string
  index: number
}

export interface TextTokenizeParams {
  dir: string
  text: string
}

const slot = new TextModelSlot()
onPackReleased((dir) => slot.releaseDir(dir))

/** Continues a story with a text pack; streams TextTokenEvents; cancelled through the signal. */
async function generateText(params: TextGenerateParams, context: MethodContext<TextTokenEvent>): Promise<TextGenerateResult> {
  const run = async (model: TextModel, loadedNow: boolean): Promise<TextGenerateResult> => {
    const settings = resolveSettings(params.options, params.packDefaults, model.config.generationDefaults)
    const batcher = new PieceBatcher((text, index) => context.emit({ type: 'token', text, index } satisfies TextTokenEvent), TOKEN_EVENT_INTERVAL_MS)
    // A cancelled or failed run still delivers every piece it made before it stopped.
    const outcome = await generate(model, params.prompt, settings, { signal: context.signal, onText: (piece) => batcher.push(piece) }).finally(() =>
      batcher.flush(),
    )
    return {
      ...outcome,
      provider: model.decoder.provider,
      providerAttempts: model.decoder.attempts,
      weights: model.files.dtype,
      notices: loadedNow && model.providerNotice ? [model.providerNotice, ...outcome.notices] : outcome.notices,
      timings: { loadMs: loadedNow ? model.loadMs : 0, ...outcome.timings },
    }
  }
  return slot.use(params.dir, runtimeSettings().device, run, params.weights ?? 'auto')
}

/** Token ids of a text under a text pack's tokenizer (no special tokens added). */
async function tokenizeText(params: TextTokenizeParams): Promise<TokenizeResult> {
  const ids = (await slot.tokenizer(params.dir)).encode(params.text)
  return { ids, count: ids.length }
}

export const textMethods = {
  'text.generate': generateText,
  'text.tokenize': tokenizeText,
}
