import { deflateSync } from 'node:zlib'
import { PNG_SIGNATURE, pngChunk } from './png-text'

/**
 * A cheap look at a latent without running the VAE: each latent pixel becomes one RGB pixel
 * through a fixed linear map fitted to SD 1.x's VAE (the factors popularised by ComfyUI's
 * latent previews). Good enough to watch the picture form; never used for the final image.
 * Rows: latent channel; columns: red, green, blue.
 */
const [[R0, G0, B0], [R1, G1, B1], [R2, G2, B2], [R3, G3, B3]] = [
  [0.3512, 0.2297, 0.3227],
  [0.325, 0.4974, 0.235],
  [-0.2829, 0.1762, 0.2721],
  [-0.212, -0.2616, -0.7177],
]

/** Previews are at most this many pixels a side (a 512 x 512 picture's 64 x 64 latent). */
export const PREVIEW_MAX_SIDE = 64

export interface PreviewPixels {
  rgb: Uint8ClampedArray
  width: number
  height: number
}

/**
 * RGB pixels of a latent [4, h, w] (the scaled latent the UNet works on, e.g. the scheduler's x0
 * estimate), one per latent pixel, or per every n-th one for latents over PREVIEW_MAX_SIDE. It
 * runs once per step, too few times for the JIT to warm up, so it is one flat loop; the clamped
 * array does the clipping and rounding of (x + 1) / 2 * 255. `reuse`'s buffer is written when it
 * has the right size (step after step of one render).
 */
export function latentToRgb(latent: Float32Array, latentHeight: number, latentWidth: number, reuse?: PreviewPixels): PreviewPixels {
  const stride = Math.ceil(Math.max(latentHeight, latentWidth) / PREVIEW_MAX_SIDE)
  const height = Math.ceil(latentHeight / stride)
  const width = Math.ceil(latentWidth / stride)
  const plane = latentHeight * latentWidth
  const rgb = reuse && reuse.width === width && reuse.height === height ? reuse.rgb : new Uint8ClampedArray(width * height * 3)
  let j = 0
  for (let y = 0; y < latentHeight; y += stride) {
    for (let x = 0; x < latentWidth; x += stride, j += 3) {
      const i = y * latentWidth + x
      const l0 = latent[i]
      const l1 = latent[plane + i]
      const l2 = latent[2 * plane + i]
      const l3 = latent[3 * plane + i]
      rgb[j] = (l0 * R0 + l1 * R1 + l2 * R2 + l3 * R3 + 1) * 127.5
      rgb[j + 1] = (l0 * G0 + l1 * G1 + l2 * G2 + l3 * G3 + 1) * 127.5
      rgb[j + 2] = (l0 * B0 + l1 * B1 + l2 * B2 + l3 * B3 + 1) * 127.5
    }
  }
  return { rgb, width, height }
}

/**
 * A preview PNG as a data: URL. Written directly (IHDR, one zlib stream of filter-0 rows, IEND)
 * rather than through sharp: sharp's per-call setup costs milliseconds on the thread that runs
 * the denoising loop, while deflating a few kilobytes takes a fraction of one.
 */
export function previewDataUrl({ rgb, width, height }: PreviewPixels): string {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, deflate, adaptive filters, no interlace
  const rowBytes = width * 3
  const raw = Buffer.alloc((rowBytes + 1) * height)
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1)
  const png = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw, { level: 1 })), pngChunk('IEND', Buffer.alloc(0))])
  return `data:image/png;base64,${png.toString('base64')}`
}
