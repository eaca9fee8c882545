import { existsSync } from 'node:fs'
import { mkdtemp, writeFile, cp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ClipTokenizer } from '../../../../src/main/inference/diffusion/clip-tokenizer'
import { fixturePacks, IMAGE_FIXTURES } from '../../../fixtures/packs'
import { prerequisite } from '../../../prerequisites'

const SD15_TOKENIZER = join(process.cwd(), '..', 'shared', 'data', 'sd15', 'tokenizer')
const hasSd15 = existsSync(join(SD15_TOKENIZER, 'vocab.json'))

describe.skipIf(!prerequisite('the SD 1.5 tokenizer in ../shared/data/sd15', hasSd15))('CLIP tokenizer on the real SD 1.5 vocabulary (../shared/data/sd15)', () => {
  let tokenizer: ReturnType<typeof ClipTokenizer.load>
  beforeAll(() => {
    tokenizer = ClipTokenizer.load(SD15_TOKENIZER)
  })

  it('"a photo of a cat" is 49406, 320, 1125, 539, 320, 2368, 49407, then padding with 49407', async () => {
    const { ids, count, truncated } = (await tokenizer).encode('a photo of a cat')
    expect(Array.from(ids.slice(0, 7))).toEqual([49406, 320, 1125, 539, 320, 2368, 49407])
    expect(ids).toHaveLength(77)
    expect(Array.from(ids.slice(7)).every((id) => id === 49407)).toBe(true)
    expect(count).toBe(5)
    expect(truncated).toBe(false)
  })

  it('lowercases, collapses whitespace and splits punctuation like CLIPTokenizer', async () => {
    const messy = (await tokenizer).encode('  A \n Photo\tof a CAT  ')
    expect(Array.from(messy.ids.slice(0, 7))).toEqual([49406, 320, 1125, 539, 320, 2368, 49407])
    // Digits are single tokens; "'s" splits off.
    const digits = (await tokenizer).encode("cat's 2024")
    expect(digits.count).toBe(2 + 4)
  })

  it('an empty prompt is start, end and padding (the unconditional embedding)', async () => {
    const { ids, count } = (await tokenizer).encode('')
    expect(Array.from(ids.slice(0, 3))).toEqual([49406, 49407, 49407])
    expect(count).toBe(0)
  })

  it('cuts a prompt over 75 tokens, keeps the end token last, and reports the full count', async () => {
    const { ids, count, truncated } = (await tokenizer).encode('a cat '.repeat(60))
    expect(count).toBe(120)
    expect(truncated).toBe(true)
    expect(ids[75]).toBe(320)
    expect(ids[76]).toBe(49407)
  })

  it('keeps emoji, CJK and accents as byte-level tokens (never unknown)', async () => {
    const { ids, count } = (await tokenizer).encode('émoji 🐱 漢字')
    expect(count).toBeGreaterThan(3)
    expect(Array.from(ids.slice(1, count + 1)).every((id) => id < 49406)).toBe(true)
  })

  it('pads with 0 ("!") where the pack says so (SD 2.x, SD-Turbo)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clip-sd2-'))
    await cp(SD15_TOKENIZER, dir, { recursive: true })
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ pad_token: '!', model_max_length: 77 }))
    await writeFile(join(dir, 'special_tokens_map.json'), JSON.stringify({ pad_token: '!' }))
    const sd2 = await ClipTokenizer.load(dir)
    const { ids } = sd2.encode('a photo of a cat')
    expect(Array.from(ids.slice(5, 9))).toEqual([2368, 49407, 0, 0])
  })
})

describe('CLIP tokenizer on a fixture pack', () => {
  it('loads vocab.json + merges.txt with the pack’s own special ids', async () => {
    const packs = await fixturePacks()
    const tokenizer = await ClipTokenizer.load(join(packs[IMAGE_FIXTURES.sd], 'tokenizer'))
    expect([tokenizer.bosId, tokenizer.eosId, tokenizer.padId]).toEqual([766, 767, 767])
    const { ids, count } = tokenizer.encode('the fox')
    expect(ids[0]).toBe(766)
    expect(ids[count + 1]).toBe(767)
    expect(count).toBeGreaterThan(0)
  })

  it('names the file when a tokenizer file is missing or broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clip-broken-'))
    await expect(ClipTokenizer.load(dir)).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('vocab.json') })
    await writeFile(join(dir, 'vocab.json'), '{"a": 0')
    await expect(ClipTokenizer.load(dir)).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringContaining('vocab.json') })
  })
})
