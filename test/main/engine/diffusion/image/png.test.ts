import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { encodePng, pictureToRgb } from '../../../../../src/main/engine/diffusion/image/encode-png'
import { latentToRgb, previewDataUrl } from '../../../../../src/main/engine/diffusion/image/latent-preview'
import { crc32, readPngText, withPngText } from '../../../../../src/main/engine/diffusion/image/png-text'

const gradient = (width: number, height: number) => Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256)

describe('PNG text metadata', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32(Buffer.alloc(0))).toBe(0)
  })

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
    expect(Array.from(pictureToRgb(picture, 2, 1))).toEqual([0, 128, 0, 255, 255, 191])
  })
})

describe('latent preview', () => {
  it('is a small PNG data URL at latent resolution', async () => {
    const latent = Float32Array.from({ length: 4 * 8 * 6 }, (_, i) => Math.sin(i))
    const url = await previewDataUrl(latentToRgb(latent, 8, 6), 6, 8)
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    const metadata = await sharp(Buffer.from(url.split(',')[1], 'base64')).metadata()
    expect([metadata.width, metadata.height]).toEqual([6, 8])
  })

  it('applies the linear latent-to-RGB map (a zero latent is mid grey)', () => {
    expect(Array.from(latentToRgb(new Float32Array(4), 1, 1))).toEqual([128, 128, 128])
    const red = latentToRgb(Float32Array.from([1, 0, 0, 0]), 1, 1)
    expect(Array.from(red)).toEqual([Math.round(255 * 1.3512 / 2), Math.round(255 * 1.2297 / 2), Math.round(255 * 1.3227 / 2)])
  })
})
