import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Tokenizer } from '@huggingface/tokenizers'
import { ContractError } from '../../../shared/errors'
import { readPackJson, readPackText } from '../runtime/pack-files'

/** CLIP's context: 77 positions, two of them for the start and end tokens. */
export const CLIP_CONTEXT = 77

/**
 * Prompts are cut to this many characters before tokenizing: far more than 75 tokens can ever
 * use, and it keeps a pasted book from stalling the inference process.
 */
export const MAX_TOKENIZED_CHARS = 20_000

export interface ClipEncoding {
  /** Exactly `contextLength` ids: start, up to contextLength - 2 prompt tokens, end, padding. */
  ids: Int32Array
  /** Prompt tokens before truncation (without start and end), for a "12/75" display. */
  count: number
  /** Whether prompt tokens were cut to fit the context. */
  truncated: boolean
}

/**
 * The text encoder's tokenizer, as Stable Diffusion packs carry it, run by
 * @huggingface/tokenizers: CLIP's (vocab.json + merges.txt, or a ready tokenizer.json), or BERT's
 * WordPiece (vocab.txt) for the Chinese text encoders of the Taiyi family, which start with
 * [CLS], end with [SEP] and pad with [PAD]. The pack decides the padding id: SD 1.x pads with
 * <|endoftext|> (49407), SD 2.x and SD-Turbo with "!" (0).
 */
export class ClipTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly bosId: number,
    readonly eosId: number,
    readonly padId: number,
    readonly contextLength: number,
  ) {}

  /** Whether the text encoder reads Chinese: its vocabulary has Chinese characters as tokens. */
  get readsChinese(): boolean {
    return this.tokenizer.token_to_id('的') !== undefined
  }

  /** Loads `<pack>/tokenizer/`; a missing or malformed file is `pack-invalid`, naming it. */
  static async load(tokenizerDir: string): Promise<ClipTokenizer> {
    const config = await readPackJson(join(tokenizerDir, 'tokenizer_config.json'), { optional: true })
    const specialMap = await readPackJson(join(tokenizerDir, 'special_tokens_map.json'), { optional: true })
    const tokenizerJsonPath = join(tokenizerDir, 'tokenizer.json')
    const wordPiece = !existsSync(tokenizerJsonPath) && existsSync(join(tokenizerDir, 'vocab.txt'))
    const definition = existsSync(tokenizerJsonPath)
      ? await readPackJson(tokenizerJsonPath)
      : wordPiece
        ? await assembleWordPieceTokenizerJson(tokenizerDir, config.do_lower_case !== false)
        : await assembleTokenizerJson(tokenizerDir, (config.bos_token ?? specialMap.bos_token) as unknown, (config.eos_token ?? specialMap.eos_token) as unknown)
    const tokenizer = new Tokenizer(definition, config)
    const idOf = (token: unknown, role: string): number => {
      const content = tokenContent(token)
      // The vocabulary and the added tokens together.
      const id = content === undefined ? undefined : tokenizer.token_to_id(content)
      if (id === undefined) throw new ContractError('pack-invalid', `${join(tokenizerDir, 'vocab.json')} has no ${role} token ${JSON.stringify(content)}.`)
      return id
    }
    // BERT's tokenizers name their start and end [CLS] and [SEP]; CLIP's, bos and eos.
    const bertLike = wordPiece || (definition as { model?: { type?: string } }).model?.type === 'WordPiece'
    const bosId = idOf(bertLike ? (config.cls_token ?? specialMap.cls_token ?? '[CLS]') : (config.bos_token ?? specialMap.bos_token ?? START_OF_TEXT), 'start')
    const eosId = idOf(bertLike ? (config.sep_token ?? specialMap.sep_token ?? '[SEP]') : (config.eos_token ?? specialMap.eos_token ?? END_OF_TEXT), 'end')
    const padId = idOf(config.pad_token ?? specialMap.pad_token ?? (bertLike ? '[PAD]' : END_OF_TEXT), 'padding')
    const declared = Number(config.model_max_length)
    // Some configs store "no limit" as 1e30; CLIP's text encoder has 77 positions.
    const contextLength = Number.isInteger(declared) && declared >= 3 && declared <= 1024 ? declared : CLIP_CONTEXT
    return new ClipTokenizer(tokenizer, bosId, eosId, padId, contextLength)
  }

  /** The ids the text encoder takes for `text`, with the prompt's token count. */
  encode(text: string): ClipEncoding {
    const clipped = text.length > MAX_TOKENIZED_CHARS ? text.slice(0, MAX_TOKENIZED_CHARS) : text
    // An empty prompt is valid: it is the unconditional embedding, start + end + padding.
    const tokens = clipped.trim() === '' ? [] : this.tokenizer.encode(clipped, { add_special_tokens: false }).ids
    const room = this.contextLength - 2
    const kept = Math.min(tokens.length, room)
    const ids = new Int32Array(this.contextLength).fill(this.padId)
    ids[0] = this.bosId
    for (let i = 0; i < kept; i++) ids[i + 1] = tokens[i]
    ids[kept + 1] = this.eosId
    return { ids, count: tokens.length, truncated: tokens.length > room || clipped.length < text.length }
  }
}

const START_OF_TEXT = '<|startoftext|>'
const END_OF_TEXT = '<|endoftext|>'
/** CLIP's merges: 49152 - 256 byte symbols - 2 specials + 1 (the slice CLIPTokenizer takes). */
const MAX_MERGES = 48894

/**
 * The tokenizer.json that Hugging Face's fast CLIP tokenizer would save for these files: NFC,
 * whitespace collapsed, lowercase; split into words, numbers digit by digit and punctuation
 * runs; byte-level symbols; BPE with `</w>` marking the end of each word.
 */
async function assembleTokenizerJson(tokenizerDir: string, bosToken: unknown, eosToken: unknown): Promise<Record<string, unknown>> {
  const vocabPath = join(tokenizerDir, 'vocab.json')
  const mergesPath = join(tokenizerDir, 'merges.txt')
  const vocab = (await readPackJson(vocabPath)) as Record<string, number>
  if (Object.values(vocab).some((id) => !Number.isInteger(id))) throw new ContractError('pack-invalid', `${vocabPath} is not a CLIP vocabulary (token -> id).`)
  const lines = (await readPackText(mergesPath)).split('\n').map((line) => line.replace(/\r$/, ''))
  const merges = lines
    .filter((line, index) => !(index === 0 && line.startsWith('#version')))
    .filter((line) => line.trim() !== '')
    .slice(0, MAX_MERGES)
  if (merges.some((line) => line.split(' ').length !== 2)) throw new ContractError('pack-invalid', `${mergesPath} has a line that is not a pair of symbols.`)
  const specials = [tokenContent(bosToken) ?? START_OF_TEXT, tokenContent(eosToken) ?? END_OF_TEXT]
  const added = specials
    .filter((content) => vocab[content] !== undefined)
    .map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }))
  const splitPattern = ["<\\|startoftext\\|>", "<\\|endoftext\\|>", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", '[\\p{L}]+', '[\\p{N}]', '[^\\s\\p{L}\\p{N}]+'].join('|')
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: splitPattern }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: END_OF_TEXT,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  }
}

/**
 * The tokenizer.json BertTokenizerFast would save for a vocab.txt: BERT's normalizer (Chinese
 * characters spaced apart, lowercase unless the config says otherwise), its pre-tokenizer, and
 * WordPiece with [UNK] for the rest.
 */
async function assembleWordPieceTokenizerJson(tokenizerDir: string, lowercase: boolean): Promise<Record<string, unknown>> {
  const vocabPath = join(tokenizerDir, 'vocab.txt')
  const tokens = (await readPackText(vocabPath)).split('\n').map((line) => line.replace(/\r$/, ''))
  if (tokens.at(-1) === '') tokens.pop()
  const vocab = Object.fromEntries(tokens.map((token, id) => [token, id]))
  if (vocab['[UNK]'] === undefined) throw new ContractError('pack-invalid', `${vocabPath} has no [UNK] token: not a BERT vocabulary.`)
  const added = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
    .filter((content) => vocab[content] !== undefined)
    .map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }))
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  }
}

/** A special token as configs write it: a string, or an AddedToken object with `content`. */
function tokenContent(token: unknown): string | undefined {
  if (typeof token === 'string') return token
  if (token && typeof token === 'object' && typeof (token as { content?: unknown }).content === 'string') return (token as { content: string }).content
  return undefined
}
