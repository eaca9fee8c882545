import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generate, type GenerateHooks } from '../../../../../src/main/inference/text/generation/generate'
import { resolveSettings } from '../../../../../src/main/inference/text/generation/settings'
import { loadTextModel, type TextModel } from '../../../../../src/main/inference/text/text-model'
import type { SamplingOptions } from '../../../../../src/shared/contract'
import { TEXT_FIXTURES, fixturePacks } from '../../../../fixtures/packs'
import { Gpt2Reference } from '../../../../fixtures/reference/gpt2'

/** The fixture manifest's sampling defaults. */
const PACK_DEFAULTS = { maxNewTokens: 20, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.2, noRepeatNgramSize: 3 }

let model: TextModel
beforeAll(async () => {
  model = await loadTextModel((await fixturePacks())[TEXT_FIXTURES.gpt2], { provider: 'cpu' })
})
afterAll(() => model.decoder.release())

async function run(prompt: string, options: SamplingOptions, hooks: GenerateHooks = {}) {
  const pieces: string[] = []
  const ids: number[] = []
  const outcome = await generate(model, prompt, resolveSettings(options, PACK_DEFAULTS, model.config.generationDefaults), {
    ...hooks,
    onText: (text, index) => {
      expect(index).toBe(pieces.length)
      pieces.push(text)
    },
    onToken: (id) => ids.push(id),
  })
  return { ...outcome, pieces, ids }
}

describe('generate', () => {
  it('greedy: the tokens the reference forward pass picks', async () => {
    const result = await run('Once upon a time, the dragon', { greedy: true, repetitionPenalty: 1, noRepeatNgramSize: 0, maxNewTokens: 12 })
    const prompt = model.tokenizer.encode('Once upon a time, the dragon')
    expect(result.ids).toEqual(Gpt2Reference.forFixture(TEXT_FIXTURES.gpt2).greedy(prompt, 12))
    expect(result).toMatchObject({ tokens: 12, promptTokens: prompt.length, stopReason: 'max-tokens', trimmedChars: 0 })
    expect(result.text).toBe(model.tokenizer.decode(result.ids))
  })

  it('times the model runs of the decode phase apart from the loop around them', async () => {
    const { timings } = await run('Once upon a time', { greedy: true, maxNewTokens: 30, minNewTokens: 30 })
    expect(timings.decodeModelMs).toBeGreaterThan(0)
    expect(timings.decodeModelMs).toBeLessThanOrEqual(timings.decodeMs)
  })

  it('the same seed and settings give the same text; another seed another text', async () => {
    const a = await run('The fox', { seed: 11 })
    const b = await run('The fox', { seed: 11 })
    const c = await run('The fox', { seed: 12 })
    expect(a.text).toBe(b.text)
    expect(a.ids).toEqual(b.ids)
    expect(c.ids).not.toEqual(a.ids)
    expect(a.seed).toBe(11)
  })

  it('streams pieces that join to the one-shot decode', async () => {
    // A hot random model emits stray UTF-8 bytes: a split character shown early as U+FFFD would
    // make the joined pieces differ from the one-shot decode, where the character is whole.
    const result = await run('A', { seed: 3, maxNewTokens: 40, temperature: 1.5, topK: 0, topP: 1, repetitionPenalty: 1, noRepeatNgramSize: 0 })
    expect(result.pieces.join('')).toBe(result.text)
    expect(result.text).toBe(model.tokenizer.decode(result.ids))
  })

  it('starts an empty prompt from end-of-text', async () => {
    const result = await run('', { greedy: true, maxNewTokens: 5 })
    expect(result.promptTokens).toBe(1)
    expect(result.tokens).toBeGreaterThan(0)
  })

  it('windows a 100k-character prompt to the end of the story, with a notice', async () => {
    const prompt = 'The fox ran far across the snowy hills at night. '.repeat(2100)
    const result = await run(prompt, { greedy: true, maxNewTokens: 16 })
    const { contextLength } = model.config
    expect(result.trimmedChars).toBeGreaterThan(99_000)
    expect(result.promptTokens).toBeLessThanOrEqual(contextLength - 16)
    expect(result.promptTokens + result.tokens).toBeLessThanOrEqual(contextLength)
    expect(result.notices.join(' ')).toMatch(/only its last \d+ tokens/)
  })

  it('never passes the context length, however many tokens are asked for', async () => {
    const result = await run('The fox '.repeat(40), { greedy: true, maxNewTokens: 1000, repetitionPenalty: 1, noRepeatNgramSize: 0 })
    expect(result.promptTokens + result.tokens).toBeLessThanOrEqual(model.config.contextLength)
    expect(result.promptTokens).toBeGreaterThanOrEqual(model.config.contextLength / 2)
    if (result.stopReason !== 'eos') expect(result.promptTokens + result.tokens).toBe(model.config.contextLength)
    expect(result.notices.join(' ')).toMatch(/new tokens fit after the prompt/)
  })

  it('stops on a stop string, keeping it', async () => {
    const free = await run('Once', { seed: 5, maxNewTokens: 20 })
    const stop = free.text.slice(6, 9)
    const stopped = await run('Once', { seed: 5, maxNewTokens: 20, stopStrings: [stop] })
    expect(stopped.stopReason).toBe('stop-string')
    expect(stopped.text).toContain(stop)
    expect(free.text.startsWith(stopped.text)).toBe(true)
  })

  it('never generates a bad word', async () => {
    const free = await run('Once upon a time', { greedy: true, maxNewTokens: 8, repetitionPenalty: 1, noRepeatNgramSize: 0 })
    const banned = model.tokenizer.decode([free.ids[0]]).trim()
    const result = await run('Once upon a time', { greedy: true, maxNewTokens: 8, repetitionPenalty: 1, noRepeatNgramSize: 0, badWords: [banned] })
    expect(result.ids[0]).not.toBe(free.ids[0])
  })

  it('stops before the next token once aborted', async () => {
    const controller = new AbortController()
    let seen = 0
    const aborted = generate(model, 'Once', resolveSettings({ greedy: true, maxNewTokens: 60 }, {}, {}), {
      signal: controller.signal,
      onToken: () => {
        seen += 1
        if (seen === 3) controller.abort()
      },
    })
    await expect(aborted).rejects.toMatchObject({ code: 'cancelled' })
    expect(seen).toBe(3)
  })
})
