import type { TextGenerateResult, TextStopReason } from '../../../../shared/contract'
import { throwIfCancelled } from '../../../../shared/errors'
import { drawSeed } from '../sampling/random'
import { TokenChooser } from '../sampling/token-chooser'
import { StreamingDetokenizer } from '../streaming-detokenizer'
import type { TextModel } from '../text-model'
import { fitPromptToWindow } from './prompt-window'
import type { GenerationSettings } from './settings'
import { StoppingCriteria } from './stopping'

export interface GenerateHooks {
  /** Checked before every model run: generation stops before the next token. */
  signal?: AbortSignal
  /** Receives new text as soon as it is complete; `index` counts the pieces. */
  onText?(text: string, index: number): void
  /** Receives the id of each token that joins the text. */
  onToken?(id: number): void
}

/** What a generation itself yields: the `text.generate` result less the model's load and provider. */
export type GenerationOutcome = Omit<TextGenerateResult, 'provider' | 'providerAttempts' | 'weights' | 'timings'> & {
  timings: Omit<TextGenerateResult['timings'], 'loadMs'>
}

/**
 * Continues `prompt` with the model: prefill once, then one token per step with the KV cache.
 * The text streams through `hooks.onText`; the joined pieces equal the returned text.
 */
export async function generate(model: TextModel, prompt: string, settings: GenerationSettings, hooks: GenerateHooks = {}): Promise<GenerationOutcome> {
  const { config, tokenizer, decoder } = model
  const notices: string[] = []
  const started = performance.now()

  // Keep the end of the story that fits the context window, leaving room for the new tokens
  // (at least half the window goes to the prompt, however many tokens were asked for).
  const reserve = Math.min(settings.maxNewTokens, Math.floor(config.contextLength / 2))
  const window = fitPromptToWindow(tokenizer, prompt, config.contextLength - reserve - tokenizer.promptPrefix.length)
  if (window.trimmedChars > 0) {
    notices.push(
      `The prompt is longer than the model's ${config.contextLength}-token window: only its last ${window.ids.length} tokens ` +
        `(${prompt.length - window.trimmedChars} of ${prompt.length} characters) are used.`,
    )
  }
  // The prompt begins as the model's training texts did ([CLS] for WordPiece packs); an empty
  // one starts from the start token (end-of-text for GPT-2): never a [1, 0] input.
  const prefixed = [...tokenizer.promptPrefix, ...window.ids]
  const promptIds = prefixed.length > 0 ? prefixed : [config.startId]
  const contextRoom = config.contextLength - promptIds.length
  if (settings.maxNewTokens > contextRoom) {
    notices.push(`Only ${contextRoom} new tokens fit after the prompt in the model's ${config.contextLength}-token window.`)
  }

  const seed = settings.seed ?? drawSeed()
  const chooser = new TokenChooser(
    { ...settings, seed },
    {
      vocabularySize: config.vocabularySize,
      endOfTextIds: config.endOfTextIds,
      promptTokens: promptIds,
      bannedSequences: bannedSequences(model, settings),
    },
  )
  const stopping = new StoppingCriteria({ ...settings, endOfTextIds: config.endOfTextIds, contextRoom })
  // New text decodes after the prompt's last token, so that it joins the prompt as the one-shot
  // decode of both would (a space after an English word, none after a Chinese character).
  const detokenizer = new StreamingDetokenizer((ids) => tokenizer.decode(ids), window.ids.slice(-1))
  let text = ''
  let pieces = 0
  const emit = (piece: string) => {
    if (piece.length === 0) return
    text += piece
    hooks.onText?.(piece, pieces++)
  }

  // Prefill: the whole prompt in one run fills the cache; only its last logits row is used.
  throwIfCancelled(hooks.signal)
  let { logits, cache } = await decoder.forward(promptIds, decoder.emptyCache())
  const prefillMs = performance.now() - started
  let firstTokenAt = 0
  let steps = 0
  let modelMs = 0
  let count = 0
  let stopReason: TextStopReason
  for (;;) {
    // Penalties, bans and sampling shape the last row; the chooser picks one token from it.
    const token = chooser.choose(logits)
    if (count === 0) firstTokenAt = performance.now()
    // End-of-text ends the story without joining it.
    if (stopping.isEndOfText(token)) {
      stopReason = 'eos'
      emit(detokenizer.flush())
      break
    }
    // Decode what the token completes; a split multi-byte character waits for the next token.
    const piece = detokenizer.push(token)
    // A sentence end is confirmed by the whitespace that follows it, which is then left out.
    const endsBefore = stopping.before(piece, count)
    if (endsBefore) {
      stopReason = endsBefore
      break
    }
    chooser.accept(token)
    hooks.onToken?.(token)
    count += 1
    emit(piece)
    const endsAfter = stopping.after(text, piece, count)
    if (endsAfter) {
      stopReason = endsAfter
      emit(detokenizer.flush())
      break
    }
    // One token in, with the cache the last run returned: its present tensors become the past.
    throwIfCancelled(hooks.signal)
    const runStarted = performance.now()
    ;({ logits, cache } = await decoder.forward([token], cache))
    modelMs += performance.now() - runStarted
    steps += 1
  }

  const decodeMs = performance.now() - firstTokenAt
  return {
    text,
    tokens: count,
    promptTokens: promptIds.length,
    trimmedTokens: window.trimmedTokens,
    trimmedChars: window.trimmedChars,
    stopReason,
    seed,
    notices,
    timings: {
      prefillMs,
      firstTokenMs: firstTokenAt - started,
      decodeMs,
      decodeModelMs: modelMs,
      tokensPerSecond: decodeMs > 0 ? (steps * 1000) / decodeMs : 0,
    },
  }
}

/** Bad words as token sequences: each as written and with a leading space (a word mid-sentence). */
function bannedSequences(model: TextModel, settings: GenerationSettings): number[][] {
  const sequences = new Map<string, number[]>()
  const add = (ids: number[]) => ids.length > 0 && sequences.set(ids.join(','), ids)
  for (const ids of settings.badWordsIds) add(ids)
  // Special tokens are never text: a WordPiece pack must not write [UNK], [PAD] or [CLS].
  for (const id of model.tokenizer.specialIds) if (!model.config.endOfTextIds.includes(id)) add([id])
  for (const word of settings.badWords) {
    add(model.tokenizer.encode(word))
    if (!/^\s/u.test(word)) add(model.tokenizer.encode(` ${word}`))
  }
  return [...sequences.values()]
}
