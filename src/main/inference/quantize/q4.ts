/**
 * 4-bit weights as onnxruntime's MatMulNBits (com.microsoft) reads them: the weight is stored
 * transposed, [N, K], cut along K into blocks of `blockSize`; each block has one scale, and its
 * values are unsigned nibbles around the implicit zero point 8, two per byte (the first in the
 * low nibble). Symmetric, as onnxruntime's MatMul4BitsQuantizer writes them: the value of
 * largest magnitude maps to -8, which uses all 16 levels; unlike it, each block's scale is then
 * refined by a small search (see SCALE_FRACTIONS).
 */
import { ElementType, intAttribute, tensor, type NameSource, type NodeProto, type TensorProto } from './onnx-model'
import { float32ToFloat16 } from '../runtime/float16'
import type { WeightSite } from './weight-sites'

/** The zero point MatMulNBits assumes when none is given (2^(bits-1)). */
const ZERO_POINT = 8

export interface Q4Weight {
  /** [N, blocks, blockSize / 2] packed nibbles. */
  packed: Uint8Array
  /** [N * blocks] block scales. */
  scales: Float32Array
  blocks: number
}

/**
 * Scales tried per block, as fractions of the plain absmax scale: clipping the largest value a
 * little often rounds the rest more finely, and the block keeps whichever has the least squared
 * error (the plain scale included, so the search never does worse than round-to-nearest).
 */
const SCALE_FRACTIONS = [1, 0.95, 0.9, 0.85, 0.8, 0.75]

/** Quantizes a row-major [K, N] weight into MatMulNBits' 4-bit blocks (K padded with zeros). */
export function quantizeQ4(values: Float32Array, rows: number, columns: number, blockSize: number): Q4Weight {
  const blocks = Math.ceil(rows / blockSize)
  const bytesPerBlock = blockSize / 2
  const packed = new Uint8Array(columns * blocks * bytesPerBlock)
  const scales = new Float32Array(columns * blocks)
  const block = new Float32Array(blockSize)
  const level = (v: number, scale: number) => Math.max(0, Math.min(15, Math.round(v / scale) + ZERO_POINT))
  for (let n = 0; n < columns; n++) {
    for (let b = 0; b < blocks; b++) {
      block.fill(0)
      for (let k = b * blockSize; k < Math.min(rows, (b + 1) * blockSize); k++) block[k - b * blockSize] = values[k * columns + n]
      let extreme = 0
      for (const v of block) if (Math.abs(v) > Math.abs(extreme)) extreme = v
      let scale = 1
      if (extreme !== 0) {
        let bestError = Infinity
        for (const fraction of SCALE_FRACTIONS) {
          const candidate = Math.fround((extreme * fraction) / -ZERO_POINT)
          let error = 0
          for (const v of block) error += ((level(v, candidate) - ZERO_POINT) * candidate - v) ** 2
          if (error < bestError) [bestError, scale] = [error, candidate]
        }
      }
      scales[n * blocks + b] = scale
      const blob = (n * blocks + b) * bytesPerBlock
      for (let i = 0; i < blockSize; i++) packed[blob + (i >> 1)] |= i & 1 ? level(block[i], scale) << 4 : level(block[i], scale)
    }
  }
  return { packed, scales, blocks }
}

/** Rewrites products into MatMulNBits nodes; a weight shared by several products is packed once. */
export class Q4Rewriter {
  private readonly made = new Map<string, { packed: string; scales: string }>()

  constructor(
    private readonly names: NameSource,
    private readonly initializers: TensorProto[],
    private readonly blockSize: number,
    /** float16 for q4f16 models, whose activations (and so scales) are half precision. */
    private readonly scaleType: 'float32' | 'float16' = 'float32',
    /** MatMulNBits' `accuracy_level` (see Q4_ACCURACY_LEVEL); 0 leaves the attribute out, as converters do. */
    private readonly accuracyLevel = 0,
  ) {}

  nodes(site: WeightSite): NodeProto[] {
    const { weight } = site
    let made = this.made.get(weight.key)
    if (!made) {
      const q = quantizeQ4(weight.values(), weight.rows, weight.columns, this.blockSize)
      made = { packed: this.names.fresh(`${weight.source}_q4`), scales: this.names.fresh(`${weight.source}_q4_scales`) }
      const scales = this.scaleType === 'float16' ? tensor(made.scales, ElementType.float16, float32ToFloat16(q.scales), [q.scales.length]) : tensor(made.scales, ElementType.float, q.scales, [q.scales.length])
      this.initializers.push(tensor(made.packed, ElementType.uint8, q.packed, [weight.columns, q.blocks, this.blockSize / 2]), scales)
      this.made.set(weight.key, made)
    }
    const base = site.node.name || site.output
    // MatMulNBits takes a bias as its sixth input, but not every onnxruntime build does: add it apart.
    const product = site.bias ? this.names.fresh(`${site.output}_product`) : site.output
    const nodes: NodeProto[] = [
      {
        opType: 'MatMulNBits',
        domain: 'com.microsoft',
        name: this.names.fresh(`${base}_q4`),
        input: [site.activation, made.packed, made.scales],
        output: [product],
        attribute: [
          intAttribute('K', weight.rows),
          intAttribute('N', weight.columns),
          intAttribute('bits', 4),
          intAttribute('block_size', this.blockSize),
          ...(this.accuracyLevel > 0 ? [intAttribute('accuracy_level', this.accuracyLevel)] : []),
        ],
      },
    ]
    if (site.bias) nodes.push({ opType: 'Add', name: this.names.fresh(`${base}_bias`), input: [product, site.bias], output: [site.output] })
    return nodes
  }
}
