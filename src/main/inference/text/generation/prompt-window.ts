/** The part of a prompt the model will see. */
export interface PromptWindow {
  ids: number[]
  /** Characters dropped from the start of the prompt. */
  trimmedChars: number
  /** Tokens dropped from the start (estimated for the part that was never tokenized). */
  trimmedTokens: number
}

export interface PromptTokenizer {
  encode(text: string): number[]
  decode(ids: readonly number[]): string
}

/**
 * A first cut keeps this many characters per token of budget. English BPE averages about four
 * characters a token; when the cut is too short (digits, CJK, symbols), it doubles until the
 * budget is filled or the whole prompt is taken.
 */
const FIRST_CUT_CHARS_PER_TOKEN = 8
/** Prompts under this many characters per token of budget are tokenized whole: cheap and exact. */
const WHOLE_PROMPT_CHARS_PER_TOKEN = 16
/** How far past a cut to look for whitespace, so that the cut does not split a word. */
const WORD_BOUNDARY_REACH = 64

/**
 * Keeps the end of a story that fits in `budget` tokens: the sliding window over the story's
 * end. A very long prompt is cut to a tail of characters that can hold the budget before
 * anything is tokenized, so a 100k-character prompt costs about as much as a short one. The
 * window always starts at a character boundary (at a word boundary when one is near) and its
 * ids are exactly the tokenization of the text it keeps.
 */
export function fitPromptToWindow(tokenizer: PromptTokenizer, prompt: string, budget: number): PromptWindow {
  if (budget < 1) throw new RangeError('The prompt budget must be at least one token.')
  const wholeFits = prompt.length <= budget * WHOLE_PROMPT_CHARS_PER_TOKEN
  let start = wholeFits ? 0 : cutPoint(prompt, prompt.length - budget * FIRST_CUT_CHARS_PER_TOKEN)
  let ids = tokenizer.encode(prompt.slice(start))
  // Too short to fill the budget: take twice as much and try again, up to the whole prompt.
  while (ids.length < budget && start > 0) {
    start = cutPoint(prompt, prompt.length - 2 * (prompt.length - start))
    ids = tokenizer.encode(prompt.slice(start))
  }
  if (ids.length <= budget) return { ids, trimmedChars: start, trimmedTokens: start > 0 ? estimateTokens(start, prompt.length - start, ids.length) : 0 }

  // Too long: move the cut forward past the text the surplus tokens cover, then re-tokenize,
  // so that the kept text never begins inside a character or a word.
  const tailTokens = ids.length
  const tailChars = prompt.length - start
  let cut = cutPoint(prompt, prompt.length - tokenizer.decode(ids.slice(-budget)).length)
  ids = tokenizer.encode(prompt.slice(cut))
  while (ids.length > budget) {
    const surplusChars = Math.ceil(((ids.length - budget) * (prompt.length - cut)) / ids.length)
    cut = cutPoint(prompt, cut + Math.max(1, surplusChars))
    ids = tokenizer.encode(prompt.slice(cut))
  }
  const droppedFromTail = Math.max(0, tailTokens - ids.length)
  return { ids, trimmedChars: cut, trimmedTokens: droppedFromTail + estimateTokens(start, tailChars, tailTokens) }
}

/** Tokens in `chars` characters never tokenized, at the rate measured on the tokenized tail. */
function estimateTokens(chars: number, measuredChars: number, measuredTokens: number): number {
  return chars === 0 ? 0 : Math.round((chars * measuredTokens) / Math.max(1, measuredChars))
}

/**
 * A cut at or after `index` that splits no word when whitespace is near, and never a surrogate
 * pair or a character from its combining marks.
 */
function cutPoint(text: string, index: number): number {
  if (index <= 0) return 0
  if (index >= text.length) return text.length
  const reach = text.slice(index, index + WORD_BOUNDARY_REACH).search(/\s/)
  let cut = reach >= 0 ? index + reach : index
  const code = text.charCodeAt(cut)
  if (code >= 0xdc00 && code <= 0xdfff) cut += 1
  while (cut < text.length && /\p{M}/u.test(text[cut])) cut += 1
  return cut
}
