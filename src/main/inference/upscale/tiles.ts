/**
 * How a picture is cut into tiles for an upscaler and put back together. Tiles overlap; inside
 * each overlap the seam is feathered: a tile's output is ignored for a margin next to its inner
 * edges (where the model saw less context than in a whole run), then its weight ramps linearly
 * to the full picture's, and the ramps of two neighbours add up to one. Away from the picture's
 * border, a tiled run then equals a whole run wherever the model looks no further than the
 * margin, and blends smoothly where it does.
 */

/** One tile, in input pixels. */
export interface Tile {
  x: number
  y: number
  width: number
  height: number
}

/** Where tiles start along one axis: stride tile - overlap, the last one flush with the end. */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0]
  const stride = tile - overlap
  const count = Math.ceil((length - overlap) / stride)
  const starts = Array.from({ length: count }, (_, index) => Math.min(index * stride, length - tile))
  return [...new Set(starts)]
}

/** The tiles covering a width x height picture, row by row. */
export function planTiles(width: number, height: number, tile: number, overlap: number): Tile[] {
  const tiles: Tile[] = []
  for (const y of tileStarts(height, tile, overlap)) {
    for (const x of tileStarts(width, tile, overlap)) tiles.push({ x, y, width: Math.min(tile, width), height: Math.min(tile, height) })
  }
  return tiles
}

/**
 * A tile's blending weight along one axis, per output pixel: 1 at the picture's own border,
 * 0 for `overlap / 4` input pixels next to an inner edge, then a linear ramp over the middle
 * half of the overlap.
 * @param start the tile's first input pixel on this axis; @param size its input pixels;
 * @param length the picture's input pixels on this axis.
 */
export function featherWeights(start: number, size: number, length: number, scale: number, overlap: number): Float32Array {
  const margin = Math.floor(overlap / 4) * scale
  const ramp = Math.max(1, overlap * scale - 2 * margin)
  const outputSize = size * scale
  const weights = new Float32Array(outputSize)
  const innerLeft = start > 0
  const innerRight = start + size < length
  for (let i = 0; i < outputSize; i++) {
    const centre = i + 0.5
    const left = innerLeft ? clamp01((centre - margin) / ramp) : 1
    const right = innerRight ? clamp01((outputSize - centre - margin) / ramp) : 1
    weights[i] = Math.min(left, right)
  }
  return weights
}

/**
 * Sums weighted tile outputs into one picture, then divides by the summed weights. Pictures
 * are channel-major float32, [3, height, width].
 */
export class TileBlender {
  private readonly sum: Float32Array
  private readonly weight: Float32Array

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly scale: number,
    private readonly overlap: number,
  ) {
    this.sum = new Float32Array(3 * width * height * scale * scale)
    this.weight = new Float32Array(width * height * scale * scale)
  }

  /** Adds one tile's output [3, tile.height * scale, tile.width * scale]. */
  add(tile: Tile, output: Float32Array): void {
    const { scale } = this
    const outWidth = this.width * scale
    const outPlane = outWidth * this.height * scale
    const tileWidth = tile.width * scale
    const tileHeight = tile.height * scale
    const tilePlane = tileWidth * tileHeight
    const columns = featherWeights(tile.x, tile.width, this.width, scale, this.overlap)
    const rows = featherWeights(tile.y, tile.height, this.height, scale, this.overlap)
    for (let row = 0; row < tileHeight; row++) {
      const rowWeight = rows[row]
      if (rowWeight === 0) continue
      const target = (tile.y * scale + row) * outWidth + tile.x * scale
      for (let column = 0; column < tileWidth; column++) {
        const w = rowWeight * columns[column]
        if (w === 0) continue
        const source = row * tileWidth + column
        this.weight[target + column] += w
        for (let channel = 0; channel < 3; channel++) {
          this.sum[channel * outPlane + target + column] += w * output[channel * tilePlane + source]
        }
      }
    }
  }

  /** The blended picture, clamped to [0, 1]. */
  result(): Float32Array {
    const plane = this.weight.length
    const picture = new Float32Array(this.sum.length)
    for (let channel = 0; channel < 3; channel++) {
      for (let i = 0; i < plane; i++) picture[channel * plane + i] = clamp01(this.sum[channel * plane + i] / this.weight[i])
    }
    return picture
  }
}

/** Copies the tile's pixels out of a picture [3, height, width]. */
export function cutTile(picture: Float32Array, width: number, height: number, tile: Tile): Float32Array {
  const out = new Float32Array(3 * tile.width * tile.height)
  for (let channel = 0; channel < 3; channel++) {
    for (let row = 0; row < tile.height; row++) {
      const from = channel * width * height + (tile.y + row) * width + tile.x
      out.set(picture.subarray(from, from + tile.width), (channel * tile.height + row) * tile.width)
    }
  }
  return out
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value
}
