import type { TextStopReason } from '../../../../shared/contract'

export interface StoppingSettings {
  endOfTextIds: readonly number[]
  maxNewTokens: number
  /** New tokens that still fit in the context window after the prompt. */
  contextRoom: number
  stopStrings: readonly string[]
  stopAtSentenceEnd: boolean
  minNewTokens: number
}

/** Text that may end a sentence: . ! ? … (or CJK forms), then perhaps closing quotes or brackets. */
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/u
/** Full-width sentence ends need no space after them. */
const CJK_SENTENCE_END = /[。！？]["'”’»)\]]*$/u
/** Periods that do not end a sentence: an initial or a common title. */
const NOT_A_SENTENCE_END = /(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Mt|vs|etc|e\.g|i\.e))\.$/u
/** Enough of the text's end to judge a sentence end. */
const SENTENCE_TAIL = 16

/**
 * Decides, token by token, whether generation is over and why. Every check looks only at the
 * token and the end of the text, so a long story costs no more per token than a short one.
 *
 * A sentence end is confirmed by what follows it: after "." the next piece must start with
 * whitespace ("3.5" and a closing quote do not end anything). That next token is then left out,
 * so the story ends exactly at the sentence's last character.
 */
export class StoppingCriteria {
  private readonly longestStop: number
  /** The text so far ends like a sentence; the next piece decides. */
  private sentenceMayHaveEnded = false

  constructor(private readonly settings: StoppingSettings) {
    this.longestStop = Math.max(0, ...settings.stopStrings.map((s) => s.length))
  }

  /** Whether `token` is end-of-text, which ends the story without joining it. */
  isEndOfText(token: number): boolean {
    return this.settings.endOfTextIds.includes(token)
  }

  /**
   * Called before a token joins the text: `piece` is its text, `count` the tokens already in
   * the text. A reason here means the token is left out.
   */
  before(piece: string, count: number): TextStopReason | null {
    if (this.sentenceMayHaveEnded && count >= this.settings.minNewTokens && /^\s/u.test(piece)) return 'sentence-end'
    return null
  }

  /**
   * Called after a token joined the text: `text` is all new text so far, `piece` this token's
   * part of it, `count` the tokens in it.
   */
  after(text: string, piece: string, count: number): TextStopReason | null {
    const { settings } = this
    if (piece.length > 0 && this.longestStop > 0) {
      const from = Math.max(0, text.length - piece.length - this.longestStop + 1)
      for (const stop of settings.stopStrings) if (text.indexOf(stop, from) >= 0) return 'stop-string'
    }
    if (settings.stopAtSentenceEnd && piece.length > 0) {
      const tail = text.slice(-SENTENCE_TAIL)
      const ended = SENTENCE_END.test(tail) && !NOT_A_SENTENCE_END.test(tail)
      if (ended && count >= settings.minNewTokens && CJK_SENTENCE_END.test(tail)) return 'sentence-end'
      this.sentenceMayHaveEnded = ended
    }
    if (count >= settings.maxNewTokens) return 'max-tokens'
    if (count >= settings.contextRoom) return 'context-full'
    return null
  }
}
