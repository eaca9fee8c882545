import { chooseOverlap } from './tile-size'
import { TileBlender, cutTile, planTiles } from './tiles'

/** What the tile loop needs of a model: its scale and one run per tile. */
export interface TileRunner {
  scale: number
  run(pixels: Float32Array, height: number, width: number): Promise<Float32Array>
}

export interface UpscaleOptions {
  /** Tile edge in input pixels; a picture no larger runs whole. */
  tile: number
  /** Tiles must be exactly `tile` pixels (a model with fixed height and width). */
  fixedTile: boolean
  signal?: AbortSignal
  /** After each tile: how many are done out of how many. */
  onTile?(done: number, total: number): void
}

export interface UpscaledPicture {
  /** Channel-major float32 [3, height * scale, width * scale] in [0, 1]. */
  pixels: Float32Array
  tiles: number
}

/**
 * Upscales a picture (channel-major float32 [3, height, width] in [0, 1]) tile by tile with
 * feathered seams, so any picture fits in memory. A fixed-size model gets a picture padded by
 * repeating its edge pixels up to one tile, and the padding is cut from the result. The
 * signal is checked between tiles (a model run cannot be interrupted).
 */
export async function upscalePicture(model: TileRunner, pixels: Float32Array, width: number, height: number, options: UpscaleOptions): Promise<UpscaledPicture> {
  const padded = options.fixedTile ? padToAtLeast(pixels, width, height, options.tile) : { pixels, width, height }
  const overlap = chooseOverlap(options.tile)
  const tiles = planTiles(padded.width, padded.height, options.tile, overlap)
  const blender = new TileBlender(padded.width, padded.height, model.scale, overlap)
  for (const [index, tile] of tiles.entries()) {
    options.signal?.throwIfAborted()
    blender.add(tile, await model.run(cutTile(padded.pixels, padded.width, padded.height, tile), tile.height, tile.width))
    options.onTile?.(index + 1, tiles.length)
  }
  const result = blender.result()
  const cropped = padded.width === width && padded.height === height ? result : crop(result, padded.width * model.scale, padded.height * model.scale, width * model.scale, height * model.scale)
  return { pixels: cropped, tiles: tiles.length }
}

/** Repeats the right column and bottom row until the picture is at least `size` each way. */
function padToAtLeast(pixels: Float32Array, width: number, height: number, size: number) {
  if (width >= size && height >= size) return { pixels, width, height }
  const paddedWidth = Math.max(width, size)
  const paddedHeight = Math.max(height, size)
  const out = new Float32Array(3 * paddedWidth * paddedHeight)
  for (let channel = 0; channel < 3; channel++) {
    for (let row = 0; row < paddedHeight; row++) {
      const sourceRow = Math.min(row, height - 1)
      for (let column = 0; column < paddedWidth; column++) {
        out[(channel * paddedHeight + row) * paddedWidth + column] = pixels[(channel * height + sourceRow) * width + Math.min(column, width - 1)]
      }
    }
  }
  return { pixels: out, width: paddedWidth, height: paddedHeight }
}

/** The top-left width x height of a channel-major picture. */
function crop(pixels: Float32Array, fromWidth: number, fromHeight: number, width: number, height: number): Float32Array {
  const out = new Float32Array(3 * width * height)
  for (let channel = 0; channel < 3; channel++) {
    for (let row = 0; row < height; row++) {
      const from = (channel * fromHeight + row) * fromWidth
      out.set(pixels.subarray(from, from + width), (channel * height + row) * width)
    }
  }
  return out
}
