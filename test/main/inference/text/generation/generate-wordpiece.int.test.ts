import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generate } from '../../../../../src/main/inference/text/generation/generate'
import { resolveSettings } from '../../../../../src/main/inference/text/generation/settings'
import { loadTextModel, type TextModel } from '../../../../../src/main/inference/text/text-model'
import type { SamplingOptions } from '../../../../../src/shared/contract'
import { TEXT_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

let model: TextModel
beforeAll(async () => {
  model = await loadTextModel((await fixturePacks())[TEXT_FIXTURES.gpt2Chinese], { provider: 'cpu' })
})
afterAll(() => model.decoder.release())

async function run(prompt: string, options: SamplingOptions) {
  const pieces: string[] = []
  const ids: number[] = []
  const outcome = await generate(model, prompt, resolveSettings(options, undefined, model.config.generationDefaults), {
    onText: (text) => pieces.push(text),
    onToken: (id) => ids.push(id),
  })
  return { ...outcome, pieces, ids }
}

const HOT: SamplingOptions = { maxNewTokens: 60, temperature: 1.5, topK: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 }

describe('generate on a Chinese GPT-2 pack (WordPiece)', () => {
  it('ends on [SEP] and starts from [CLS], not the GPT-2 ids its config carries', () => {
    expect(model.config.endOfTextIds).toEqual([model.tokenizer.tokenId('[SEP]')])
    expect(model.config.startId).toBe(model.tokenizer.tokenId('[CLS]'))
  })

  it('feeds the prompt after [CLS], as the model was trained', async () => {
    const prompt = '从前，有一只小狐狸'
    const result = await run(prompt, { ...HOT, seed: 1, maxNewTokens: 4 })
    expect(result.promptTokens).toBe(model.tokenizer.encode(prompt).length + 1)
  })

  it.each([1, 2, 3, 4, 5])('seed %i: streamed text equals the one-shot decode; no [UNK], [SEP] or spaces between Chinese characters', async (seed) => {
    const prompt = '从前，有一只小狐狸，名叫阿福。'
    const result = await run(prompt, { ...HOT, seed })
    const last = model.tokenizer.encode(prompt).slice(-1)
    const oneShot = model.tokenizer.decode([...last, ...result.ids]).slice(model.tokenizer.decode(last).length)
    expect(result.tokens).toBeGreaterThan(0)
    expect(result.pieces.join('')).toBe(result.text)
    expect(result.text).toBe(oneShot)
    expect(result.text).not.toMatch(/\[unused\d+\]/)
    for (const special of ['[UNK]', '[SEP]', '[PAD]', '[CLS]', '[MASK]', '[unused1]']) {
      expect(result.text).not.toContain(special)
      expect(result.ids).not.toContain(model.tokenizer.tokenId(special))
    }
    expect(result.text).not.toMatch(/\p{Script=Han}\s+\p{Script=Han}/u)
    expect(result.text).toMatch(/\p{Script=Han}/u)
  })
})
