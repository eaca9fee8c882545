import { describe, expect, it } from 'vitest'
import { chooseOverlap, chooseTileSize } from '../../../../src/main/inference/upscale/tile-size'
import { TileBlender, cutTile, featherWeights, planTiles, tileStarts } from '../../../../src/main/inference/upscale/tiles'

describe('tile plan', () => {
  it('covers the picture with tiles that overlap by at least the overlap, the last one flush with the end', () => {
    for (const [length, tile, overlap] of [
      [100, 48, 12],
      [512, 128, 32],
      [129, 64, 16],
      [300, 64, 16],
    ]) {
      const starts = tileStarts(length, tile, overlap)
      expect(starts[0]).toBe(0)
      expect(starts.at(-1)).toBe(length - tile)
      for (let i = 1; i < starts.length; i++) expect(starts[i - 1] + tile - starts[i]).toBeGreaterThanOrEqual(overlap)
    }
  })

  it('runs a picture no larger than a tile as one tile of its own size', () => {
    expect(planTiles(40, 30, 64, 16)).toEqual([{ x: 0, y: 0, width: 40, height: 30 }])
  })

  it('lists tiles row by row', () => {
    const tiles = planTiles(100, 60, 48, 12)
    expect(tiles.map(({ x, y }) => [x, y])).toEqual([
      [0, 0], [36, 0], [52, 0],
      [0, 12], [36, 12], [52, 12],
    ])
  })
})

describe('feathered seams', () => {
  it('gives neighbours weights that add up to one across their overlap, and zero in the inner margin', () => {
    const scale = 4
    const overlap = 16
    const left = featherWeights(0, 64, 112, scale, overlap)
    const right = featherWeights(48, 64, 112, scale, overlap)
    // Output pixel X of the picture is left[X] and right[X - 48 * scale].
    for (let x = 48 * scale; x < 64 * scale; x++) expect(left[x] + right[x - 48 * scale]).toBeCloseTo(1, 6)
    expect(left[0]).toBe(1)
    expect(right.at(-1)).toBe(1)
    expect(Array.from(left.subarray(64 * scale - 4 * scale))).toEqual(new Array(4 * scale).fill(0))
    expect(Array.from(right.subarray(0, 4 * scale))).toEqual(new Array(4 * scale).fill(0))
  })

  it('puts back the picture exactly when every tile returns its own part of it', () => {
    const width = 70
    const height = 50
    const picture = Float32Array.from({ length: 3 * width * height }, (_, i) => (i % 97) / 97)
    const blender = new TileBlender(width, height, 1, 12)
    for (const tile of planTiles(width, height, 32, 12)) blender.add(tile, cutTile(picture, width, height, tile))
    const result = blender.result()
    let worst = 0
    for (let i = 0; i < picture.length; i++) worst = Math.max(worst, Math.abs(result[i] - picture[i]))
    expect(worst).toBeLessThan(1e-6)
  })
})

describe('tile size', () => {
  it("takes a fixed model's own size", () => {
    expect(chooseTileSize(128, 64 * 2 ** 30)).toBe(128)
  })

  it('fits a quarter of the free memory, in multiples of 16 between 64 and 1024', () => {
    expect(chooseTileSize(null, 4 * 2 ** 30)).toBe(256)
    expect(chooseTileSize(null, 2 ** 20)).toBe(64)
    expect(chooseTileSize(null, 2 ** 40)).toBe(1024)
  })

  it('overlaps tiles by 32 pixels, or a quarter of a small tile', () => {
    expect(chooseOverlap(256)).toBe(32)
    expect(chooseOverlap(64)).toBe(16)
  })
})
