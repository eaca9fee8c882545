import { PreTrainedTokenizer } from '@huggingface/transformers'
import { describe, expect, it } from 'vitest'
import { buildWordPieceTokenizer, wordPieceTokenizerConfigs } from '../../../../tools/fixtures/tokenizer/wordpiece'
import { wordPieceTokenizer } from './tokenizers'

const { tokenizerJson, vocab } = buildWordPieceTokenizer()
const tokenizer = wordPieceTokenizer()
/** transformers.js's own WordPiece, BertNormalizer and BertPreTokenizer: an independent reference. */
const reference = new PreTrainedTokenizer(tokenizerJson, wordPieceTokenizerConfigs(128).tokenizerConfig)
const ids = (tokens: string[]) => tokens.map((token) => vocab.indexOf(token))

describe('TextTokenizer on a BERT WordPiece vocabulary (Chinese GPT-2)', () => {
  it('keeps the bert-base-chinese special ids', () => {
    expect(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((token) => tokenizer.tokenId(token))).toEqual([0, 100, 101, 102, 103])
    expect(tokenizer.family).toBe('wordpiece')
    expect(tokenizer.promptPrefix).toEqual([101])
    expect(tokenizer.endId).toBe(102)
  })

  const cases: [string, string, string[]][] = [
    ['Chinese', '从前，有一只小狐狸。', ['从', '前', '，', '有', '一', '只', '小', '狐', '狸', '。']],
    ['mixed Chinese-English', '小狐狸说Hello world，playing TV。', ['小', '狐', '狸', '说', 'hello', 'world', '，', 'play', '##ing', 'tv', '。']],
    ['full-width punctuation', '“你好！”他问：“你去哪儿了？”（《故事》）', ['“', '你', '好', '！', '”', '他', '问', '：', '“', '你', '去', '哪', '儿', '了', '？', '”', '（', '《', '故', '事', '》', '）']],
    ['characters outside the vocabulary', '阿福遇见麒麟', ['阿', '福', '遇', '见', '[UNK]', '[UNK]']],
  ]

  it.each(cases)('%s: the ids of the expected pieces, as transformers.js gives them', (_, text, tokens) => {
    expect(tokens.every((token) => vocab.includes(token))).toBe(true)
    const expected = ids(tokens)
    expect(tokenizer.encode(text)).toEqual(expected)
    expect(reference.encode(text, { add_special_tokens: false })).toEqual(expected)
  })

  it('decodes Chinese without spaces, joins ## pieces, spaces English words, never shows [UNK]', () => {
    expect(tokenizer.decode(tokenizer.encode('从前，有一只小狐狸。'))).toBe('从前，有一只小狐狸。')
    expect(tokenizer.decode(tokenizer.encode('小狐狸说Hello world，playing TV。'))).toBe('小狐狸说hello world，playing tv。')
    expect(tokenizer.decode(tokenizer.encode('“你好！”他问：“你去哪儿了？”'))).toBe('“你好！”他问：“你去哪儿了？”')
    expect(tokenizer.decode(tokenizer.encode('阿福遇见麒麟了'))).toBe('阿福遇见了')
    expect(tokenizer.decode(ids(['[CLS]', '好', '[SEP]', '[PAD]']))).toBe('好')
    expect(tokenizer.decode(ids(['[unused1]', '好', '[unused99]']))).toBe('好')
    expect([...tokenizer.specialIds].sort((a, b) => a - b)).toEqual(Array.from({ length: 104 }, (_, id) => id))
    expect(tokenizer.decode(tokenizer.encode('the fox, once (a story).'))).toBe('the fox, once (a story).')
  })

  it('decodes a prefix of the ids to a prefix of the text (what streaming relies on)', () => {
    const all = tokenizer.encode('小狐狸说Hello world，playing TV。阿福遇见麒麟！')
    const whole = tokenizer.decode(all)
    for (let end = 0; end <= all.length; end++) expect(whole.startsWith(tokenizer.decode(all.slice(0, end)))).toBe(true)
  })
})
