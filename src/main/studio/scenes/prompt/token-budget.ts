/**
 * CLIP reads 77 positions: a start token, 75 prompt tokens and an end token. Prompts are built to
 * fit without the image model's tokenizer (scenes are extracted before any pack is chosen), so
 * this estimate stands in for it: per word, CLIP's average token count for English words of that
 * length (measured on the public-domain corpus with the real SD 1.5 vocabulary), rounded up; names
 * and other capitalised words get a little more, accented letters and CJK characters much more.
 */
export const CLIP_PROMPT_TOKENS = 75
/** Builders aim below the limit so that an estimate on the low side still fits. */
export const PROMPT_TOKEN_TARGET = 68

const PIECE = /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}]+/gu

/** Estimated CLIP tokens of a prompt (without start and end tokens). */
export function estimateClipTokens(text: string): number {
  let total = 0
  for (const match of text.matchAll(PIECE)) total += estimatePiece(match[0])
  return Math.ceil(total)
}

function estimatePiece(piece: string): number {
  if (/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(piece)) return 3
  if (!/^[\p{L}\p{M}]/u.test(piece)) return piece.length > 3 ? 2 : 1
  let ascii = 0
  let other = 0
  for (const character of piece) {
    if (/[A-Za-z]/.test(character)) ascii++
    else other++
  }
  const base = ascii <= 3 ? 1 : 1 + (ascii - 3) * 0.18
  const capitalised = /^\p{Lu}/u.test(piece) ? 0.3 : 0
  return base + capitalised + other * 1.3
}
