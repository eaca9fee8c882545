import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelDtype } from '../../../../src/main/inference/text/pack/model-files'
import { pickGreedy } from '../../../../src/main/inference/text/sampling/sampler'
import { loadTextModel, type TextModel } from '../../../../src/main/inference/text/text-model'
import { GPT2_VARIANTS } from '../../../../tools/fixtures/gpt2/variants'
import { PUBLISHED_TEXT_FIXTURES, TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

const PROMPT = 'Once upon a time, the dragon'
const STEPS = 10
/** Largest logit error each published format may show against float32 (logits of about +-10). */
const TOLERANCE: Record<Exclude<ModelDtype, 'fp32'>, number> = { q8: 0.6, uint8: 0.6, int8: 0.6, q4: 2.5, q4f16: 2.5, bnb4: 2.5, fp16: 0.05 }

let packs: Record<string, string>
let reference: TextModel
const opened: TextModel[] = []
beforeAll(async () => {
  packs = await fixturePacks()
  reference = await loadTextModel(packs[TEXT_FIXTURES.gpt2], { provider: 'cpu' })
})
afterAll(async () => {
  for (const model of [reference, ...opened]) await model.decoder.release()
})

describe('published pre-quantized and float16 files', () => {
  it.each(Object.values(PUBLISHED_TEXT_FIXTURES))('%s loads as its dtype and generates what float32 decides', async (name) => {
    const model = await loadTextModel(packs[name], { provider: 'cpu' })
    opened.push(model)
    const dtype = GPT2_VARIANTS[name].published!
    expect(model.files.dtype).toBe(dtype)
    expect(model.files.layout).toBe(GPT2_VARIANTS[name].fileName === 'model' ? 'single' : 'merged')
    const ids = model.tokenizer.encode(PROMPT)
    let a = await reference.decoder.forward(ids, reference.decoder.emptyCache())
    let b = await model.decoder.forward(ids, model.decoder.emptyCache())
    let decided = 0
    for (let step = 0; step < STEPS; step++) {
      let largest = 0
      for (let i = 0; i < a.logits.length; i++) largest = Math.max(largest, Math.abs(a.logits[i] - b.logits[i]))
      expect(largest).toBeLessThan(TOLERANCE[dtype])
      const next = pickGreedy(a.logits)
      const runnerUp = Math.max(...a.logits.filter((_, i) => i !== next))
      // Where float32 leads by more than the format's error could overturn, the token must agree.
      if (a.logits[next] - runnerUp > 2 * TOLERANCE[dtype]) {
        expect(pickGreedy(b.logits)).toBe(next)
        decided += 1
      }
      a = await reference.decoder.forward([next], a.cache)
      b = await model.decoder.forward([next], b.cache)
    }
    expect(decided).toBeGreaterThan(STEPS / 2)
  })
})
