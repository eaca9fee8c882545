import sharp from 'sharp'
import { withPngText } from './png-text'

/**
 * Encodes interleaved 8-bit RGB pixels as a PNG, with text metadata (the generation settings).
 * sharp writes the pixels; it cannot add arbitrary text chunks, so they are inserted after.
 */
export async function encodePng(rgb: Uint8ClampedArray, width: number, height: number, text: Record<string, string> = {}): Promise<Buffer> {
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 6, adaptiveFiltering: true })
    .toBuffer()
  return Object.keys(text).length === 0 ? png : withPngText(png, text)
}

/**
 * The VAE's picture, float32 [3, H, W] in [-1, 1] (channel-major), as interleaved RGB bytes:
 * `clip(x / 2 + 0.5, 0, 1) * 255`, rounded half to even as numpy does in diffusers (which is
 * what a clamped byte array does on assignment).
 */
export function pictureToRgb(picture: Float32Array, width: number, height: number): Uint8ClampedArray {
  const plane = width * height
  const rgb = new Uint8ClampedArray(plane * 3)
  for (let c = 0; c < 3; c++) {
    const offset = c * plane
    for (let i = 0, j = c; i < plane; i++, j += 3) {
      const value = picture[offset + i] / 2 + 0.5
      rgb[j] = 255 * (value < 0 ? 0 : value > 1 ? 1 : value)
    }
  }
  return rgb
}
