import { inflateSync } from 'node:zlib'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { encodePng, pictureToRgb } from '../../../../../src/main/inference/diffusion/image/encode-png'
import { latentToRgb, previewDataUrl } from '../../../../../src/main/inference/diffusion/image/latent-preview'
import { readPngText, withPngText } from '../../../../../src/main/inference/diffusion/image/png-text'

const gradient = (width: number, height: number) => Uint8ClampedArray.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256)

describe('PNG text metadata', () => {
  it('writes a tEXt chunk that libvips reads back, and the pixels stay intact', async () => {
    const rgb = gradient(16, 8)
    const png = await encodePng(rgb, 16, 8, { parameters: 'a photo of a cat\nSteps: 4, Seed: 1', Software: 'Taleweaver' })
    const metadata = await sharp(png).metadata()
    expect(metadata.comments).toEqual([
      { keyword: 'parameters', text: 'a photo of a cat\nSteps: 4, Seed: 1' },
      { keyword: 'Software', text: 'Taleweaver' },
    ])
    const pixels = await sharp(png).raw().toBuffer()
    expect(Buffer.from(pixels)).toEqual(Buffer.from(rgb))
    expect(png.indexOf('tEXtparameters')).toBeGreaterThan(0)
  })

  it('keeps prompts outside Latin-1 in an iTXt chunk (UTF-8)', async () => {
    const png = await encodePng(gradient(4, 4), 4, 4, { parameters: 'a cat 🐱 in 漢字' })
    expect(png.indexOf('iTXtparameters')).toBeGreaterThan(0)
    expect(readPngText(png)).toEqual({ parameters: 'a cat 🐱 in 漢字' })
    // libvips/libpng accept the file (a bad chunk CRC would make this throw).
    await expect(sharp(png).raw().toBuffer()).resolves.toHaveLength(48)
  })

  it('refuses bad keywords and files that are not PNG', async () => {
    const png = await encodePng(gradient(2, 2), 2, 2)
    expect(() => withPngText(png, { '': 'x' })).toThrow(/keyword/)
    expect(() => withPngText(png, { ['k'.repeat(80)]: 'x' })).toThrow(/keyword/)
    expect(() => withPngText(Buffer.from('not a png at all, just some text here'), { a: 'b' })).toThrow(/PNG/)
  })
})

describe('picture conversion', () => {
  it('maps [-1, 1] channel-major floats to rounded, clipped RGB bytes', () => {
    // 2 x 1 picture: R plane, G plane, B plane.
    const picture = Float32Array.from([-1, 1, 0, 2, -3, 0.5])
    // 0.5 * 255 = 127.5 rounds to the even 128; 0.75 * 255 = 191.25 to 191.
    expect(Array.from(pictureToRgb(picture, 2, 1))).toEqual([0, 128, 0, 255, 255, 191])
  })
})

describe('latent preview', () => {
  it('is a small PNG data URL at latent resolution that libvips decodes to the same pixels', async () => {
    const latent = Float32Array.from({ length: 4 * 8 * 6 }, (_, i) => Math.sin(i))
    const pixels = latentToRgb(latent, 8, 6)
    expect([pixels.width, pixels.height]).toEqual([6, 8])
    const url = previewDataUrl(pixels)
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    const png = Buffer.from(url.split(',')[1], 'base64')
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height, info.channels]).toEqual([6, 8, 3])
    expect(Buffer.from(data)).toEqual(Buffer.from(pixels.rgb))
  })

  it('writes previews over one stored deflate block (64 KiB) that libpng decodes, checksum included', async () => {
    // 200 x 120 RGB rows with their filter bytes: 72,120 bytes, two stored blocks.
    const rgb = gradient(200, 120)
    const png = Buffer.from(previewDataUrl({ rgb, width: 200, height: 120 }).split(',')[1], 'base64')
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([200, 120])
    expect(Buffer.from(data)).toEqual(Buffer.from(rgb))
    // zlib checks the Adler-32 at the stream's end.
    const idatAt = png.indexOf('IDAT')
    const idat = png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4))
    expect(inflateSync(idat)).toHaveLength((200 * 3 + 1) * 120)
  })

  it('applies the linear latent-to-RGB map (a zero latent is mid grey)', () => {
    expect(Array.from(latentToRgb(new Float32Array(4), 1, 1).rgb)).toEqual([128, 128, 128])
    // (1 + factor) / 2 * 255, rounded: 172.278, 156.787, 168.644.
    expect(Array.from(latentToRgb(Float32Array.from([1, 0, 0, 0]), 1, 1).rgb)).toEqual([172, 157, 169])
  })

  it('samples large latents down to at most 64 pixels a side', () => {
    const pixels = latentToRgb(new Float32Array(4 * 128 * 96), 128, 96)
    expect([pixels.width, pixels.height]).toEqual([48, 64])
    expect(pixels.rgb).toHaveLength(48 * 64 * 3)
  })
})
