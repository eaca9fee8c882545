import type { PredictionType } from './scheduler-config'

/**
 * The clean-sample estimate x0 for a sample at noise level sigma (variance-exploding form, as
 * the Euler-family schedulers keep it), from what the UNet predicts:
 * epsilon: x - sigma * eps; v: v * (-sigma / sqrt(sigma^2 + 1)) + x / (sigma^2 + 1); sample: itself.
 */
export function denoisedFromOutput(
  predictionType: PredictionType,
  sigma: number,
  modelOutput: Float32Array,
  sample: Float32Array,
  out: Float32Array,
): void {
  if (predictionType === 'epsilon') {
    for (let i = 0; i < sample.length; i++) out[i] = sample[i] - sigma * modelOutput[i]
  } else if (predictionType === 'v_prediction') {
    const outputScale = -sigma / Math.sqrt(sigma * sigma + 1)
    const sampleScale = 1 / (sigma * sigma + 1)
    for (let i = 0; i < sample.length; i++) out[i] = modelOutput[i] * outputScale + sample[i] * sampleScale
  } else {
    out.set(modelOutput.subarray(0, sample.length))
  }
}

/**
 * The clean-sample estimate x0 for one value of a sample in the variance-preserving form
 * x = sqrt(alpha_bar) * x0 + sqrt(1 - alpha_bar) * eps (DDIM, LCM), from the UNet's output
 * there: epsilon: (x - sqrt(1 - a) * eps) / sqrt(a); v: sqrt(a) * x - sqrt(1 - a) * v; sample: itself.
 */
export function cleanSampleFromOutput(predictionType: PredictionType, x: number, output: number, sqrtAlpha: number, sqrtOneMinusAlpha: number): number {
  if (predictionType === 'epsilon') return (x - sqrtOneMinusAlpha * output) / sqrtAlpha
  if (predictionType === 'v_prediction') return sqrtAlpha * x - sqrtOneMinusAlpha * output
  return output
}
