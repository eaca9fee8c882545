import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { imageMethods, type ImageRenderParams } from '../../../../src/main/inference/diffusion/methods'
import { readPngText } from '../../../../src/main/inference/diffusion/image/png-text'
import { openImagePack, type ImagePack } from '../../../../src/main/inference/diffusion/pack/image-pack'
import { releasePackSessions } from '../../../../src/main/inference/packs/session-release'
import { fixturePacks, IMAGE_FIXTURES } from '../../../fixtures/packs'
import { wordPieceTokenizer } from '../text/tokenizers'

let packs: Record<string, string>
let chinese: ImagePack
beforeAll(async () => {
  packs = await fixturePacks()
  chinese = await openImagePack(packs[IMAGE_FIXTURES.sdChinese], { provider: 'cpu' })
})
afterAll(async () => {
  await chinese.release()
  await releasePackSessions(packs[IMAGE_FIXTURES.sdChinese])
  await releasePackSessions(packs[IMAGE_FIXTURES.sd])
})

async function render(pack: string, params: Omit<ImageRenderParams, 'dir' | 'provider'>) {
  const result = await imageMethods['image.render']({ dir: packs[pack], provider: 'cpu', previews: false, ...params }, { signal: new AbortController().signal, emit: () => {} })
  return { result, png: Buffer.from(result.pngBase64, 'base64') }
}

describe('an image pack with a BERT text encoder and a WordPiece vocab.txt (Taiyi layout)', () => {
  it('opens: [CLS] prompt [SEP], padded with [PAD] to the tokenizer\'s 512 positions', () => {
    expect(chinese.tokenizer).toMatchObject({ bosId: 101, eosId: 102, padId: 0, contextLength: 512, readsChinese: true })
    expect(chinese.textEncoder.idsType).toBe('int32')
  })

  it('tokenizes vocab.txt as the Chinese text pack\'s tokenizer.json does (checked against transformers.js)', () => {
    const text = '小狐狸在河边遇见了小白兔，Hello！'
    const reference = wordPieceTokenizer().encode(text)
    const { ids, count } = chinese.tokenizer.encode(text)
    expect(count).toBe(reference.length)
    expect([...ids.slice(0, count + 3)]).toEqual([101, ...reference, 102, 0])
  })

  it('a CLIP pack does not read Chinese', async () => {
    const clip = await openImagePack(packs[IMAGE_FIXTURES.sd], { provider: 'cpu' })
    expect(clip.tokenizer.readsChinese).toBe(false)
    await clip.release()
  })

  it('renders from the Chinese prompt when given one; a CLIP pack keeps the English prompt', async () => {
    const settings = { prompt: 'a little fox by the river', chinesePrompt: '小狐狸在河边，水彩儿童绘本插画', steps: 2, seed: 7, width: 32, height: 32 }
    const chineseRender = await render(IMAGE_FIXTURES.sdChinese, settings)
    expect(readPngText(chineseRender.png).parameters.split('\n')[0]).toBe(settings.chinesePrompt)
    expect(chineseRender.result.promptTokens).toBe(wordPieceTokenizer().encode(settings.chinesePrompt).length)
    const otherPrompt = await render(IMAGE_FIXTURES.sdChinese, { ...settings, chinesePrompt: '一条龙在高塔里哭' })
    expect(otherPrompt.result.pngBase64).not.toBe(chineseRender.result.pngBase64)
    const englishOnly = await render(IMAGE_FIXTURES.sd, settings)
    expect(readPngText(englishOnly.png).parameters.split('\n')[0]).toBe(settings.prompt)
  })
})
