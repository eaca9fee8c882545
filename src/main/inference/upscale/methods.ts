/**
 * The upscaler's methods, served by the inference process: a PNG in, a PNG `scale` times
 * larger out, its text metadata kept with the upscale step added.
 */
import { freemem } from 'node:os'
import sharp from 'sharp'
import type { ImageUpscaleProgress, ImageUpscaleResult, PackRecord, UpscaleFactor } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { encodePng } from '../diffusion/image/encode-png'
import { PNG_SIGNATURE, readPngText } from '../diffusion/image/png-text'
import { onPackReleased } from '../packs/session-release'
import type { MethodContext } from '../protocol'
import type { ProviderPreference } from '../runtime/execution-providers'
import { withUpscaleStep } from './generation-record'
import { UpscalerPackSlot } from './pack-slot'
import { chooseTileSize } from './tile-size'
import { upscalePicture } from './upscale-picture'
import { runtimeSettings } from '../runtime/runtime-settings'

export interface ImageUpscaleParams {
  /** The pack folder, as resolved by the studio. */
  dir: string
  /** The pack's id and its files' hashes, recorded in the PNG's metadata. */
  packId?: string
  packFiles?: PackRecord['files']
  pngBase64: string
  /** Default: the model's own scale. */
  scale?: UpscaleFactor
  /** Tile edge in input pixels; default the pack's, else the model's fixed size, else one that fits memory. */
  tile?: number
  provider?: ProviderPreference
}

/** The largest picture an upscale writes (width x height), far above a printed page at 300 dpi. */
const MAX_OUTPUT_PIXELS = 8192 * 8192

const slot = new UpscalerPackSlot()
onPackReleased((dir) => slot.releaseDir(dir))

/** Upscales one PNG; emits a progress update per tile. */
async function upscalePng(params: ImageUpscaleParams, context: MethodContext<ImageUpscaleProgress>): Promise<ImageUpscaleResult> {
  const png = Buffer.from(params.pngBase64, 'base64')
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ContractError('invalid-input', 'The picture to upscale is not a PNG file.')
  // Grey or palette pictures become RGB; transparency is dropped (a printed page has none).
  const { data, info } = await sharp(png)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: Error) => {
      throw new ContractError('invalid-input', `The PNG cannot be read: ${error.message}`)
    })
  context.emit({ stage: 'load', step: 0, total: 1 })
  return slot.use(params.dir, params.provider ?? runtimeSettings().device, async (model, loadedNow) => {
    const scale = params.scale ?? model.scale
    const passes = passesFor(model.scale, scale)
    const outWidth = info.width * scale
    const outHeight = info.height * scale
    if (outWidth * outHeight > MAX_OUTPUT_PIXELS) {
      throw new ContractError('invalid-input', `A ${info.width} x ${info.height} picture upscaled ${scale}x would be ${outWidth} x ${outHeight}; the most is ${MAX_OUTPUT_PIXELS / 8192} x 8192.`)
    }
    const tile = model.fixedSize ?? params.tile ?? model.packTile ?? chooseTileSize(null, freemem())
    const notices = loadedNow && model.providerNotice ? [model.providerNotice] : []
    const started = performance.now()
    let pixels = toPlanes(data, info.width, info.height)
    let width = info.width
    let height = info.height
    let runs = 0
    for (let pass = 0; pass < passes; pass++) {
      const upscaled = await upscalePicture(model, pixels, width, height, {
        tile,
        fixedTile: model.fixedSize !== null,
        signal: context.signal,
        onTile: (done, total) => context.emit({ stage: 'tile', step: runs + done, total: runs + total }),
      })
      runs += upscaled.tiles
      pixels = upscaled.pixels
      width *= model.scale
      height *= model.scale
    }
    const upscaleMs = performance.now() - started
    context.emit({ stage: 'encode', step: 0, total: 1 })
    let rgb = toInterleaved(pixels, width, height)
    if (width !== outWidth) {
      // A x4 model asked for x2: one pass, then a Lanczos shrink, which keeps the restored edges.
      rgb = new Uint8ClampedArray(await sharp(rgb, { raw: { width, height, channels: 3 } }).resize(outWidth, outHeight, { kernel: 'lanczos3' }).raw().toBuffer())
      notices.push(`The upscaler is x${model.scale}; its result was shrunk to x${scale}.`)
    }
    const pack = { id: params.packId ?? 'unknown', files: params.packFiles ?? [] }
    const record = withUpscaleStep(readPngText(png), { pack, scale, tile, tiles: runs, width: outWidth, height: outHeight, provider: model.provider })
    const out = await encodePng(rgb, outWidth, outHeight, record)
    return {
      pngBase64: out.toString('base64'),
      width: outWidth,
      height: outHeight,
      scale,
      tiles: runs,
      tile,
      provider: model.provider,
      notices,
      timings: { loadMs: loadedNow ? model.loadMs : 0, upscaleMs },
    }
  })
}

/** Model passes for a wanted scale: one, or two of a x2 model for x4. */
function passesFor(modelScale: UpscaleFactor, wanted: UpscaleFactor): number {
  return wanted > modelScale ? 2 : 1
}

/** Interleaved 8-bit RGB to channel-major float32 in [0, 1]. */
function toPlanes(rgb: Buffer, width: number, height: number): Float32Array {
  const plane = width * height
  const out = new Float32Array(3 * plane)
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    out[i] = rgb[j] / 255
    out[plane + i] = rgb[j + 1] / 255
    out[2 * plane + i] = rgb[j + 2] / 255
  }
  return out
}

/** Channel-major float32 in [0, 1] to interleaved 8-bit RGB (rounded). */
function toInterleaved(pixels: Float32Array, width: number, height: number): Uint8ClampedArray {
  const plane = width * height
  const rgb = new Uint8ClampedArray(3 * plane)
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    rgb[j] = Math.round(pixels[i] * 255)
    rgb[j + 1] = Math.round(pixels[plane + i] * 255)
    rgb[j + 2] = Math.round(pixels[2 * plane + i] * 255)
  }
  return rgb
}

export const upscaleMethods = {
  'image.upscale': upscalePng,
}
