/**
 * 8-bit weights: per-channel (one scale per output column) symmetric int8, zero point 0, the
 * way onnxruntime's own dynamic quantizer lays them out. Two graph forms run them:
 * - `dynamic`: DynamicQuantizeLinear on the activation, MatMulInteger, then the two scales;
 *   onnxruntime fuses the chain into one integer kernel (MatMulIntegerToFloat);
 * - `dequantize`: DequantizeLinear of the weight feeding a float MatMul: the weight is read as
 *   int8 but expanded to float32 on every run.
 * Which one is faster is measured by the text benchmark (`int8_form_*`); `dynamic` is the one
 * written, see INT8_FORM.
 */
import { ElementType, intAttribute, tensor, type NameSource, type NodeProto, type TensorProto } from './onnx-model'
import type { WeightSite } from './weight-sites'

export type Int8Form = 'dynamic' | 'dequantize'

/**
 * The form optimize writes. On this project's 2-core AVX-512 VNNI test machine, GPT-2-small
 * decoding ran at 2.1x fp32 with `dynamic` and 0.6x with `dequantize` (which expands every
 * weight to float32 again on each token).
 */
export const INT8_FORM: Int8Form = 'dynamic'

/** Largest int8 magnitude used: symmetric, so -128 never appears and 0 stays exact. */
const Q_MAX = 127

export interface Int8Weight {
  /** Row-major [K, N] int8 values. */
  values: Int8Array
  /** One scale per column (output channel). */
  scales: Float32Array
}

/** Quantizes a [K, N] weight per column: scale = max |w| / 127, q = round(w / scale). */
export function quantizeInt8(values: Float32Array, rows: number, columns: number): Int8Weight {
  const scales = new Float32Array(columns)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) scales[c] = Math.max(scales[c], Math.abs(values[r * columns + c]))
  }
  // An all-zero column keeps scale 1: any scale dequantizes its zeros exactly.
  for (let c = 0; c < columns; c++) scales[c] = scales[c] > 0 ? scales[c] / Q_MAX : 1
  const quantized = new Int8Array(rows * columns)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const q = Math.round(values[r * columns + c] / scales[c])
      quantized[r * columns + c] = Math.max(-Q_MAX, Math.min(Q_MAX, q))
    }
  }
  return { values: quantized, scales }
}

/** The initializers of one quantized weight, made once however many products share it. */
interface Int8Tensors {
  weight: string
  scale: string
  zeroPoint: string
}

/**
 * Emits the nodes that replace one product, adding the weight's tensors to `initializers` the
 * first time the weight is seen. The last node writes the product's original output name.
 */
export class Int8Rewriter {
  private readonly made = new Map<string, Int8Tensors>()

  constructor(
    private readonly names: NameSource,
    private readonly initializers: TensorProto[],
    private readonly form: Int8Form,
  ) {}

  nodes(site: WeightSite): NodeProto[] {
    const w = this.tensorsOf(site)
    const product = site.bias ? this.names.fresh(`${site.output}_product`) : site.output
    const nodes = this.form === 'dynamic' ? this.dynamic(site, w, product) : this.dequantize(site, w, product)
    if (site.bias) nodes.push({ opType: 'Add', name: this.names.fresh(`${site.node.name}_bias`), input: [product, site.bias], output: [site.output] })
    return nodes
  }

  private dynamic(site: WeightSite, w: Int8Tensors, output: string): NodeProto[] {
    const base = site.node.name || site.output
    const fresh = (what: string) => this.names.fresh(`${base}_${what}`)
    const [aq, aScale, aZero] = [fresh('quantized_input'), fresh('input_scale'), fresh('input_zero_point')]
    const [integer, asFloat, scale] = [fresh('integer_product'), fresh('integer_product_float'), fresh('product_scale')]
    return [
      { opType: 'DynamicQuantizeLinear', name: fresh('quantize_input'), input: [site.activation], output: [aq, aScale, aZero] },
      { opType: 'MatMulInteger', name: fresh('matmul_integer'), input: [aq, w.weight, aZero, w.zeroPoint], output: [integer] },
      { opType: 'Cast', name: fresh('cast'), input: [integer], output: [asFloat], attribute: [intAttribute('to', ElementType.float)] },
      { opType: 'Mul', name: fresh('scale'), input: [aScale, w.scale], output: [scale] },
      { opType: 'Mul', name: fresh('rescale'), input: [asFloat, scale], output: [output] },
    ]
  }

  private dequantize(site: WeightSite, w: Int8Tensors, output: string): NodeProto[] {
    const base = site.node.name || site.output
    const weight = this.names.fresh(`${base}_weight`)
    return [
      { opType: 'DequantizeLinear', name: this.names.fresh(`${base}_dequantize`), input: [w.weight, w.scale, w.zeroPoint], output: [weight], attribute: [intAttribute('axis', 1)] },
      { opType: 'MatMul', name: this.names.fresh(`${base}_matmul`), input: [site.activation, weight], output: [output] },
    ]
  }

  private tensorsOf(site: WeightSite): Int8Tensors {
    const { weight } = site
    const known = this.made.get(weight.key)
    if (known) return known
    const q = quantizeInt8(weight.values(), weight.rows, weight.columns)
    const made = {
      weight: this.names.fresh(`${weight.source}_quantized`),
      scale: this.names.fresh(`${weight.source}_scale`),
      zeroPoint: this.names.fresh(`${weight.source}_zero_point`),
    }
    this.initializers.push(
      tensor(made.weight, ElementType.int8, q.values, [weight.rows, weight.columns]),
      tensor(made.scale, ElementType.float, q.scales, [weight.columns]),
      tensor(made.zeroPoint, ElementType.int8, new Int8Array(weight.columns), [weight.columns]),
    )
    this.made.set(weight.key, made)
    return made
  }
}
