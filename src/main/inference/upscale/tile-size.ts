/**
 * Memory an upscaler needs per input pixel of a tile, assumed for models whose size is free:
 * a Real-ESRGAN x4plus-sized generator keeps about four float maps of 64 channels at the output
 * resolution (64 x 16 x 4 x 4 bytes). Smaller models simply get larger tiles than they need.
 */
const BYTES_PER_INPUT_PIXEL = 16 * 1024
/** Share of the free memory a tile may take (the process, the picture and the OS need the rest). */
const MEMORY_SHARE = 0.25
const MIN_TILE = 64
const MAX_TILE = 1024

/**
 * The tile edge, in input pixels: the model's own when its height and width are fixed, else the
 * largest multiple of 16 (64 to 1024) whose activations fit a quarter of the free memory.
 */
export function chooseTileSize(fixedSize: number | null, freeBytes: number): number {
  if (fixedSize !== null) return fixedSize
  const edge = Math.sqrt((freeBytes * MEMORY_SHARE) / BYTES_PER_INPUT_PIXEL)
  return Math.min(MAX_TILE, Math.max(MIN_TILE, Math.floor(edge / 16) * 16))
}

/** Overlap between neighbouring tiles, in input pixels: 32, or a quarter of a small tile. */
export function chooseOverlap(tile: number): number {
  return Math.min(32, Math.floor(tile / 4 / 2) * 2)
}
