/**
 * The starter upscaler's speed on the CPU: milliseconds per output megapixel, for a picture run
 * whole and the same picture run in tiles (with their overlaps and feathered seams); the whole
 * run is the raw baseline measured in the same process, so `tiling_overhead` = tiled time /
 * whole time says what tiling costs. Pictures: the starter's 128 px and a diffusion pack's
 * 512 px, tiled at 128 px (the size of a fixed-tile export), or half the picture when smaller.
 *
 * Usage: npm run bench -- upscale [--rounds N] [--tile N]
 */
import { join } from 'node:path'
import { sourceResourcesDir } from '../src/main/studio/core/paths'
import { upscalePicture } from '../src/main/inference/upscale/upscale-picture'
import { openUpscaler } from '../src/main/inference/upscale/upscaler-model'
import { median, numberFlag, roundTo } from './shared/figures'

export default async function benchUpscale(args: string[]): Promise<void> {
  const rounds = numberFlag(args, '--rounds', 3)
  const tile = numberFlag(args, '--tile', 128)
  const model = await openUpscaler(join(sourceResourcesDir(), 'models', 'starter-upscaler'), 'cpu')
  try {
    for (const size of [128, 512]) {
      const tileEdge = Math.min(tile, size / 2)
      const pixels = Float32Array.from({ length: 3 * size * size }, (_, i) => 0.5 + 0.4 * Math.sin(i * 0.013))
      const time = async (edge: number) => {
        const started = performance.now()
        const result = await upscalePicture(model, pixels, size, size, { tile: edge, fixedTile: false })
        return { ms: performance.now() - started, tiles: result.tiles }
      }
      // The first runs warm up onnxruntime's kernels for each shape; not counted.
      await time(size)
      await time(tileEdge)
      const whole: number[] = []
      const tiled: number[] = []
      let tiles = 0
      for (let round = 0; round < rounds; round++) {
        whole.push((await time(size)).ms)
        const run = await time(tileEdge)
        tiled.push(run.ms)
        tiles = run.tiles
      }
      const megapixels = (size * model.scale) ** 2 / 1e6
      console.log(
        JSON.stringify({
          pack: 'starter-upscaler',
          input: `${size}x${size}`,
          output: `${size * model.scale}x${size * model.scale}`,
          rounds,
          tile: tileEdge,
          tiles,
          whole_ms_per_output_mp: roundTo(median(whole) / megapixels, 1),
          tiled_ms_per_output_mp: roundTo(median(tiled) / megapixels, 1),
          tiling_overhead: roundTo(median(tiled) / median(whole), 3),
        }),
      )
    }
  } finally {
    await model.release()
  }
}
