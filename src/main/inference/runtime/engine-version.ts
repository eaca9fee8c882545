import * as ort from 'onnxruntime-node'
import sharp from 'sharp'

/**
 * The versions that decide a picture's bytes besides its settings: onnxruntime (the arithmetic)
 * and sharp with its libpng and zlib (the PNG encoding). Recorded with every picture, so a
 * rebuild that differs can say why.
 */
export function engineVersion(): string {
  return `onnxruntime-node ${ort.env.versions.node}; sharp ${sharp.versions.sharp}; zlib-ng ${sharp.versions['zlib-ng'] ?? 'unknown'}`
}
