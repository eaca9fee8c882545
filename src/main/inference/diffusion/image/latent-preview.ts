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
 * Runs the preview conversion until V8 has optimised it. A render makes only a few previews,
 * and before optimisation one conversion of a 64 x 64 latent took 2 to 15 ms (after it, 0.05 ms):
 * on a fast UNet, the first renders' previews cost more than the rest of the loop's own work.
 * Done once per process, when a picture pack opens (about 30 ms).
 */
export function warmUpPreviews(): void {
  if (warmedUp) return
  warmedUp = true
  const latent = new Float32Array(4 * PREVIEW_MAX_SIDE * PREVIEW_MAX_SIDE)
  let pixels: PreviewPixels | undefined
  for (let i = 0; i < WARM_UP_CALLS; i++) pixels = latentToRgb(latent, PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, pixels)
  previewDataUrl(pixels!)
}

/** Calls before V8 had optimised latentToRgb here: 7 to 8 (measured, Node 20). */
const WARM_UP_CALLS = 12
let warmedUp = false

/**
 * A preview PNG as a data: URL. Written directly (IHDR, one zlib stream of filter-0 rows, IEND)
 * rather than through sharp, whose per-call setup costs milliseconds on the thread that runs the
 * denoising loop. The rows are stored, not compressed (see storedZlib).
 */
export function previewDataUrl({ rgb, width, height }: PreviewPixels): string {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, deflate, adaptive filters, no interlace
  const rowBytes = width * 3
  const raw = Buffer.alloc((rowBytes + 1) * height)
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1)
  const png = Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', storedZlib(raw)), pngChunk('IEND', Buffer.alloc(0))])
  return `data:image/png;base64,${png.toString('base64')}`
}

/** Deflate's longest stored block. */
const STORED_BLOCK = 65535

/**
 * A zlib stream of stored (uncompressed) deflate blocks. A latent preview is noise-like:
 * deflate saved 3% of its 12 KB, and node:zlib sets up a fresh compressor of a few hundred KB
 * per call, which cost about a millisecond right after a UNet run (0.2 ms warm), more than all
 * the rest of a denoising step's own work.
 */
function storedZlib(raw: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK))
  const out = Buffer.alloc(2 + blocks * 5 + raw.length + 4)
  out[0] = 0x78 // deflate, 32 KiB window
  out[1] = 0x01 // no dictionary, fastest level; (0x78 << 8 | 0x01) % 31 == 0
  let at = 2
  for (let block = 0; block < blocks; block++) {
    const start = block * STORED_BLOCK
    const length = Math.min(STORED_BLOCK, raw.length - start)
    out[at] = block === blocks - 1 ? 1 : 0 // BFINAL on the last; BTYPE 00: stored
    out.writeUInt16LE(length, at + 1)
    out.writeUInt16LE(length ^ 0xffff, at + 3)
    raw.copy(out, at + 5, start, start + length)
    at += 5 + length
  }
  out.writeUInt32BE(adler32(raw), at)
  return out
}

/** Adler-32 of `bytes` (zlib's checksum), reducing modulo 65521 every 5552 bytes as zlib does. */
function adler32(bytes: Uint8Array): number {
  let a = 1
  let b = 0
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(bytes.length, start + 5552)
    for (let i = start; i < end; i++) {
      a += bytes[i]
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}
