/** Turns token ids back into text (the whole of `ids`, as one string). */
export type DecodeTokens = (ids: readonly number[]) => string

const REPLACEMENT_CHARACTER = '\uFFFD'

/**
 * Emits text as tokens arrive. Byte-level tokens can end in the middle of a UTF-8 character,
 * which decodes to U+FFFD until the rest arrives; such text is held back and emitted once the
 * character completes. Only the tokens since the last clean character boundary are decoded,
 * so each step costs a few tokens, not the whole story.
 *
 * What must hold: the pieces returned by `push` and `flush`, joined, equal `decode(all ids)`.
 * Text that still ends in U+FFFD when the stream ends is a truly invalid sequence: `flush`
 * emits it as the one-shot decode would.
 */
export class StreamingDetokenizer {
  private readonly ids: number[] = []
  /** Start of the tokens decoded together, so that the first one decodes in context. */
  private prefixOffset = 0
  /** Tokens before this index are already emitted. */
  private readOffset = 0
  /** decode(ids[prefixOffset, readOffset)), already emitted. */
  private prefixText = ''

  /**
   * `context`: tokens already shown before the stream (the prompt's end), decoded with the first
   * new ones so that those join the text before them as a one-shot decode would.
   */
  constructor(
    private readonly decode: DecodeTokens,
    context: readonly number[] = [],
  ) {
    this.ids.push(...context)
    this.readOffset = context.length
    this.prefixText = context.length > 0 ? decode(context) : ''
  }

  /** Adds one token and returns the text it completes (possibly empty). */
  push(token: number): string {
    this.ids.push(token)
    const text = this.decode(this.ids.slice(this.prefixOffset))
    if (text.length <= this.prefixText.length || text.endsWith(REPLACEMENT_CHARACTER)) return ''
    const piece = text.slice(this.prefixText.length)
    this.prefixOffset = this.readOffset
    this.readOffset = this.ids.length
    this.prefixText = this.readOffset > this.prefixOffset ? this.decode(this.ids.slice(this.prefixOffset, this.readOffset)) : ''
    return piece
  }

  /** Emits whatever is still held back (an incomplete character at the very end). */
  flush(): string {
    if (this.readOffset === this.ids.length) return ''
    const piece = this.decode(this.ids.slice(this.prefixOffset)).slice(this.prefixText.length)
    this.prefixOffset = this.readOffset = this.ids.length
    this.prefixText = ''
    return piece
  }
}
