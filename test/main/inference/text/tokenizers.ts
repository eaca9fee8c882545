import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { TextTokenizer } from '../../../../src/main/inference/text/tokenizer'
import { buildByteLevelTokenizer } from '../../../../tools/fixtures/gpt2/tokenizer'
import { GPT2_TINY_SHAPE } from '../../../../tools/fixtures/gpt2/variants'
import { buildWordPieceTokenizer, wordPieceTokenizerConfigs } from '../../../../tools/fixtures/tokenizer/wordpiece'

/** The real GPT-2 tokenizer files beside the checkout (absent in a fresh clone: tests skip). */
export const GPT2_DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/gpt2', import.meta.url))
export const hasGpt2Data = existsSync(`${GPT2_DATA_DIR}/tokenizer.json`)

/** The real GPT-2 tokenizer; call only when `hasGpt2Data`. */
export function gpt2Tokenizer(): TextTokenizer {
  const read = (name: string) => JSON.parse(readFileSync(`${GPT2_DATA_DIR}/${name}`, 'utf8'))
  return new TextTokenizer(read('tokenizer.json'), read('tokenizer_config.json'))
}

/** The tiny fixture packs' byte-level tokenizer, built in memory (no model needed). */
export function fixtureTokenizer(): TextTokenizer {
  return new TextTokenizer(buildByteLevelTokenizer(GPT2_TINY_SHAPE.vocabSize).tokenizerJson, { add_prefix_space: false })
}

/** The Chinese fixture pack's WordPiece tokenizer, built in memory (no model needed). */
export function wordPieceTokenizer(): TextTokenizer {
  return new TextTokenizer(buildWordPieceTokenizer().tokenizerJson, wordPieceTokenizerConfigs(GPT2_TINY_SHAPE.nPositions).tokenizerConfig)
}
