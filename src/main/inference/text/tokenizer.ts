import { Tokenizer } from '@huggingface/tokenizers'
import { joinWordPieces } from './wordpiece-join'

/**
 * The two vocabularies GPT-2 packs come with: GPT-2's byte-level BPE, or BERT's WordPiece (the
 * Chinese GPT-2 family, trained on [CLS] text [SEP]).
 */
export type TokenizerFamily = 'byte-level' | 'wordpiece'

/** Bracketed vocabulary entries: [CLS], [UNK], and BERT's reserved [unused1] to [unused99]. */
const BRACKETED = /^\[[^\]]+\]$/

interface AddedToken {
  id: number
  content: string
  special?: boolean
}

/**
 * The pack's tokenizer, used exactly as the model was trained: no special tokens added on
 * encode, nothing cleaned up on decode, so that a streamed decode equals the one-shot one.
 *
 * Byte-level BPE decodes to the text itself (decode(encode(text)) == text). WordPiece loses
 * spaces, so its decode follows the text's script instead of BERT's "pieces joined by spaces":
 * no space between Chinese characters or next to full-width punctuation, `##` pieces joined,
 * and special tokens ([UNK], [SEP], [PAD], ...) never shown.
 */
export class TextTokenizer {
  private readonly tokenizer: Tokenizer
  readonly family: TokenizerFamily
  /** Ids of special tokens (for WordPiece also the reserved [unusedN]): never text, so never shown. */
  readonly specialIds: ReadonlySet<number>
  /** What the model saw before every text in training: [CLS] for WordPiece, nothing for GPT-2. */
  readonly promptPrefix: readonly number[]
  /** The end of a text in training: [SEP] for WordPiece; GPT-2 packs name theirs in their config. */
  readonly endId: number | undefined

  /** `tokenizerJson` and `tokenizerConfig` are the parsed tokenizer.json and tokenizer_config.json. */
  constructor(tokenizerJson: object, tokenizerConfig: object) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig)
    const json = tokenizerJson as { model?: { type?: string; vocab?: unknown }; added_tokens?: AddedToken[] }
    this.family = json.model?.type === 'WordPiece' ? 'wordpiece' : 'byte-level'
    const special = (json.added_tokens ?? []).filter((token) => token.special).map((token) => token.id)
    const vocab = this.family === 'wordpiece' && json.model?.vocab && typeof json.model.vocab === 'object' ? Object.entries(json.model.vocab as Record<string, number>) : []
    this.specialIds = new Set([...special, ...vocab.filter(([token]) => BRACKETED.test(token)).map(([, id]) => id)])
    if (this.family === 'wordpiece') {
      const config = tokenizerConfig as { cls_token?: unknown; sep_token?: unknown }
      const cls = this.tokenId(tokenName(config.cls_token) ?? '[CLS]')
      this.promptPrefix = cls === undefined ? [] : [cls]
      this.endId = this.tokenId(tokenName(config.sep_token) ?? '[SEP]')
    } else {
      this.promptPrefix = []
      this.endId = undefined
    }
  }

  encode(text: string): number[] {
    if (text.length === 0) return []
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids
  }

  decode(ids: readonly number[]): string {
    if (ids.length === 0) return ''
    if (this.family === 'wordpiece') {
      return joinWordPieces(ids.filter((id) => !this.specialIds.has(id)).map((id) => this.tokenizer.id_to_token(id) ?? ''))
    }
    return this.tokenizer.decode(ids as number[], { skip_special_tokens: false, clean_up_tokenization_spaces: false })
  }

  /** The id of a token string such as `<|endoftext|>`, if the vocabulary has it. */
  tokenId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token)
  }
}

/** A tokenizer_config token entry: a string, or an AddedToken object with its content. */
function tokenName(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry
  if (entry && typeof entry === 'object' && typeof (entry as { content?: unknown }).content === 'string') return (entry as { content: string }).content
  return undefined
}
