/**
 * 4-bit weights as onnxruntime's MatMulNBits (com.microsoft) reads them: the weight is stored
 * transposed, [N, K], cut along K into blocks of `blockSize`; each block has one scale, and its
 * values are unsigned nibbles around the implicit zero point 8, two per byte (the first in the
 * low nibble). Symmetric, as onnxruntime's MatMul4BitsQuantizer writes them: the value of
 * largest magnitude maps to -8 exactly, which uses all 16 levels.
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

/** Quantizes a row-major [K, N] weight into MatMulNBits' 4-bit blocks (K padded with zeros). */
export function quantizeQ4(values: Float32Array, rows: number, columns: number, blockSize: number): Q4Weight {
  const blocks = Math.ceil(rows / blockSize)
  const bytesPerBlock = blockSize / 2
  const packed = new Uint8Array(columns * blocks * bytesPerBlock)
  const scales = new Float32Array(columns * blocks)
  for (let n = 0; n < columns; n++) {
    for (let b = 0; b < blocks; b++) {
      const start = b * blockSize
      const end = Math.min(rows, start + blockSize)
      let extreme = 0
      for (let k = start; k < end; k++) {
        const v = values[k * columns + n]
        if (Math.abs(v) > Math.abs(extreme)) extreme = v
      }
      const scale = extreme === 0 ? 1 : extreme / -ZERO_POINT
      scales[n * blocks + b] = scale
      const blob = (n * blocks + b) * bytesPerBlock
      for (let k = start; k < start + blockSize; k++) {
        const v = k < end ? values[k * columns + n] : 0
        const q = Math.max(0, Math.min(15, Math.round(v / scale) + ZERO_POINT))
        const offset = k - start
        packed[blob + (offset >> 1)] |= offset & 1 ? q << 4 : q
      }
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
        attribute: [intAttribute('K', weight.rows), intAttribute('N', weight.columns), intAttribute('bits', 4), intAttribute('block_size', this.blockSize)],
      },
    ]
    if (site.bias) nodes.push({ opType: 'Add', name: this.names.fresh(`${base}_bias`), input: [product, site.bias], output: [site.output] })
    return nodes
  }
}
