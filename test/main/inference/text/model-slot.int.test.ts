import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TextModelSlot } from '../../../../src/main/inference/text/model-slot'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'

let packs: Record<string, string>
const slot = new TextModelSlot()
beforeAll(async () => {
  packs = await fixturePacks()
})
afterAll(async () => {
  await slot.releaseDir(packs[TEXT_FIXTURES.gpt2])
  await slot.releaseDir(packs[TEXT_FIXTURES.gpt2Merged])
})

const loads = (dir: string) => slot.use(dir, 'cpu', async (_, loadedNow) => loadedNow)

describe('TextModelSlot', () => {
  it('keeps one model: the same pack reuses it, another pack replaces it', async () => {
    const a = packs[TEXT_FIXTURES.gpt2]
    const b = packs[TEXT_FIXTURES.gpt2Merged]
    expect(await loads(a)).toBe(true)
    expect(await loads(a)).toBe(false)
    expect(await loads(b)).toBe(true)
    expect(await loads(a)).toBe(true)
  })

  it('releases a pack on request, but only after the run using it ends', async () => {
    const dir = packs[TEXT_FIXTURES.gpt2]
    let finishRun!: () => void
    const running = slot.use(dir, 'cpu', async (model) => {
      await new Promise<void>((resolve) => (finishRun = resolve))
      // The session is still usable although its pack was released meanwhile.
      return (await model.decoder.forward([1, 2], model.decoder.emptyCache())).logits.length
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const released = slot.releaseDir(dir)
    finishRun()
    expect(await running).toBe(512)
    await released
    expect(await loads(dir)).toBe(true)
  })

  it('reads a tokenizer without opening the model', async () => {
    const tokenizer = await slot.tokenizer(packs[TEXT_FIXTURES.gpt2NoPositionIds])
    expect(tokenizer.decode(tokenizer.encode('Once upon a time'))).toBe('Once upon a time')
    expect(await loads(packs[TEXT_FIXTURES.gpt2])).toBe(false)
  })

  it('does not keep a failed load', async () => {
    await expect(loads('/nonexistent/pack')).rejects.toMatchObject({ code: 'pack-invalid' })
    await expect(loads('/nonexistent/pack')).rejects.toMatchObject({ code: 'pack-invalid' })
  })
})
