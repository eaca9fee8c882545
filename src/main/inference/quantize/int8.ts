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
 * The form optimize writes. In the text benchmark on a 2-core AVX-512 VNNI machine, a bare
 * GPT-2-small decode loop ran `dequantize` at 0.36x the rate of `dynamic` (19.4 vs 54.8 tok/s,
 * float32 14.1): expanding every weight to float32 again on each token costs more than the
 * bytes saved.
 */
export const INT8_FORM: Int8Form = 'dynamic'

/** Largest int8 magnitude used: symmetric, so -128 never appears and 0 stays exact. */
const Q_MAX = 127

/**
 * How 8-bit weights are laid out. optimize writes signed, per-channel weights; published files
 * also come per-tensor and unsigned (onnxruntime's quantize_dynamic with QUInt8: asymmetric,
 * with a zero point), and the fixtures build those with the same code.
 */
export interface Int8Layout {
  signed: boolean
  perChannel: boolean
}

export interface Int8Weight {
  /** Row-major [K, N] values. */
  values: Int8Array | Uint8Array
  /** One scale per column (output channel), or a single one per tensor. */
  scales: Float32Array
  zeroPoints: Int8Array | Uint8Array
}

/**
 * Quantizes a [K, N] weight. Signed: scale = max |w| / 127, q = round(w / scale), zero point 0.
 * Unsigned: the range [min(w, 0), max(w, 0)] spread over 0..255 around a rounded zero point.
 */
export function quantizeInt8(values: Float32Array, rows: number, columns: number, layout: Int8Layout = { signed: true, perChannel: true }): Int8Weight {
  const groups = layout.perChannel ? columns : 1
  const group = (c: number) => (layout.perChannel ? c : 0)
  const low = new Float32Array(groups)
  const high = new Float32Array(groups)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const v = values[r * columns + c]
      const g = group(c)
      if (v < low[g]) low[g] = v
      if (v > high[g]) high[g] = v
    }
  }
  const scales = new Float32Array(groups)
  const zeroPoints = layout.signed ? new Int8Array(groups) : new Uint8Array(groups)
  for (let g = 0; g < groups; g++) {
    const range = layout.signed ? Math.max(-low[g], high[g]) / Q_MAX : (high[g] - low[g]) / 255
    // An all-zero group keeps scale 1: any scale dequantizes its zeros exactly.
    scales[g] = range > 0 ? range : 1
    if (!layout.signed) zeroPoints[g] = Math.max(0, Math.min(255, Math.round(-low[g] / scales[g])))
  }
  const [min, max] = layout.signed ? [-Q_MAX, Q_MAX] : [0, 255]
  const quantized = layout.signed ? new Int8Array(rows * columns) : new Uint8Array(rows * columns)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const g = group(c)
      const q = Math.round(values[r * columns + c] / scales[g]) + zeroPoints[g]
      quantized[r * columns + c] = Math.max(min, Math.min(max, q))
    }
  }
  return { values: quantized, scales, zeroPoints }
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
    private readonly layout: Int8Layout = { signed: true, perChannel: true },
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
    const q = quantizeInt8(weight.values(), weight.rows, weight.columns, this.layout)
    const type = this.layout.signed ? ElementType.int8 : ElementType.uint8
    const groupDims = this.layout.perChannel ? [weight.columns] : []
    const made = {
      weight: this.names.fresh(`${weight.source}_quantized`),
      scale: this.names.fresh(`${weight.source}_scale`),
      zeroPoint: this.names.fresh(`${weight.source}_zero_point`),
    }
    this.initializers.push(
      tensor(made.weight, type, q.values, [weight.rows, weight.columns]),
      tensor(made.scale, ElementType.float, q.scales, groupDims),
      tensor(made.zeroPoint, type, q.zeroPoints, groupDims),
    )
    this.made.set(weight.key, made)
    return made
  }
}
