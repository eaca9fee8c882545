import { Tokenizer } from '@huggingface/tokenizers'

/**
 * The pack's tokenizer, used exactly as the model was trained: no special tokens added on
 * encode, nothing cleaned up or skipped on decode, so that decode(encode(text)) == text and a
 * streamed decode equals the one-shot one.
 */
export class TextTokenizer {
  private readonly tokenizer: Tokenizer

  /** `tokenizerJson` and `tokenizerConfig` are the parsed tokenizer.json and tokenizer_config.json. */
  constructor(tokenizerJson: object, tokenizerConfig: object) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig)
  }

  encode(text: string): number[] {
    if (text.length === 0) return []
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids
  }

  decode(ids: readonly number[]): string {
    if (ids.length === 0) return ''
    return this.tokenizer.decode(ids as number[], { skip_special_tokens: false, clean_up_tokenization_spaces: false })
  }

  /** The id of a token string such as `<|endoftext|>`, if the vocabulary has it. */
  tokenId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token)
  }
}
