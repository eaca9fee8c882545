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
 * CLIP's tokenizer, as Stable Diffusion packs carry it (vocab.json + merges.txt, or a ready
 * tokenizer.json), run by @huggingface/tokenizers. The pack decides the padding id: SD 1.x pads
 * with <|endoftext|> (49407), SD 2.x and SD-Turbo with "!" (0).
 */
export class ClipTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly bosId: number,
    readonly eosId: number,
    readonly padId: number,
    readonly contextLength: number,
  ) {}

  /** Loads `<pack>/tokenizer/`; a missing or malformed file is `pack-invalid`, naming it. */
  static async load(tokenizerDir: string): Promise<ClipTokenizer> {
    const config = await readPackJson(join(tokenizerDir, 'tokenizer_config.json'), { optional: true })
    const specialMap = await readPackJson(join(tokenizerDir, 'special_tokens_map.json'), { optional: true })
    const tokenizerJsonPath = join(tokenizerDir, 'tokenizer.json')
    const definition = existsSync(tokenizerJsonPath)
      ? await readPackJson(tokenizerJsonPath)
      : await assembleTokenizerJson(tokenizerDir, (config.bos_token ?? specialMap.bos_token) as unknown, (config.eos_token ?? specialMap.eos_token) as unknown)
    const tokenizer = new Tokenizer(definition, config)
    const idOf = (token: unknown, role: string): number => {
      const content = tokenContent(token)
      // The vocabulary and the added tokens together.
      const id = content === undefined ? undefined : tokenizer.token_to_id(content)
      if (id === undefined) throw new ContractError('pack-invalid', `${join(tokenizerDir, 'vocab.json')} has no ${role} token ${JSON.stringify(content)}.`)
      return id
    }
    const bosId = idOf(config.bos_token ?? specialMap.bos_token ?? START_OF_TEXT, 'start')
    const eosId = idOf(config.eos_token ?? specialMap.eos_token ?? END_OF_TEXT, 'end')
    const padId = idOf(config.pad_token ?? specialMap.pad_token ?? END_OF_TEXT, 'padding')
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

/** A special token as configs write it: a string, or an AddedToken object with `content`. */
function tokenContent(token: unknown): string | undefined {
  if (typeof token === 'string') return token
  if (token && typeof token === 'object' && typeof (token as { content?: unknown }).content === 'string') return (token as { content: string }).content
  return undefined
}
