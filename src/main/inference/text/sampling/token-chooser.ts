import { BadWords } from './bad-words'
import type { LogitsProcessor } from './logits-processor'
import { MinNewTokens } from './min-new-tokens'
import { MinP } from './min-p'
import { NoRepeatNgram } from './no-repeat-ngram'
import { Pcg32 } from './random'
import { RepetitionPenalty } from './repetition-penalty'
import { pickGreedy, sampler, type TokenPicker } from './sampler'
import { Temperature } from './temperature'
import { TopK } from './top-k'
import { TopP } from './top-p'

export interface ChooserSettings {
  greedy: boolean
  temperature: number
  topK: number
  topP: number
  minP: number
  repetitionPenalty: number
  noRepeatNgramSize: number
  minNewTokens: number
  seed: number
}

export interface ChooserContext {
  vocabularySize: number
  endOfTextIds: readonly number[]
  /** The tokens the model sees before the first new one. */
  promptTokens: readonly number[]
  /** Token sequences never to generate. */
  bannedSequences: readonly (readonly number[])[]
}

/**
 * Turns logits into the next token: the processors that apply, in the order transformers runs
 * them (penalties and bans first, then temperature, top-k, top-p, min-p), then the picker.
 * Settings that change nothing (temperature 1, top-p 1, ...) add no processor, so a plain
 * greedy run touches the logits exactly once.
 */
export class TokenChooser {
  readonly processors: LogitsProcessor[] = []
  private readonly pick: TokenPicker

  constructor(settings: ChooserSettings, context: ChooserContext) {
    const { processors } = this
    if (settings.repetitionPenalty !== 1) {
      processors.push(new RepetitionPenalty(settings.repetitionPenalty, context.vocabularySize, context.promptTokens))
    }
    if (settings.noRepeatNgramSize > 0) processors.push(new NoRepeatNgram(settings.noRepeatNgramSize, context.promptTokens))
    if (context.bannedSequences.length > 0) processors.push(new BadWords(context.bannedSequences, context.promptTokens))
    if (settings.minNewTokens > 0) processors.push(new MinNewTokens(settings.minNewTokens, context.endOfTextIds))
    if (settings.greedy) {
      this.pick = pickGreedy
      return
    }
    if (settings.temperature !== 1) processors.push(new Temperature(settings.temperature))
    if (settings.topK > 0 && settings.topK < context.vocabularySize) processors.push(new TopK(settings.topK))
    if (settings.topP < 1) processors.push(new TopP(settings.topP))
    if (settings.minP > 0) processors.push(new MinP(settings.minP))
    this.pick = sampler(new Pcg32(settings.seed))
  }

  /** Processes `logits` in place and returns the chosen token. */
  choose(logits: Float32Array): number {
    for (const processor of this.processors) processor.process(logits)
    return this.pick(logits)
  }

  /** Tells every processor that `token` joined the sequence. */
  accept(token: number): void {
    for (const processor of this.processors) processor.accept?.(token)
  }
}
