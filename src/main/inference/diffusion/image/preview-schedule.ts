/**
 * Which denoising steps get a preview. A preview costs a fraction of a millisecond of the loop's
 * own time (about a millisecond right after a UNet run, when caches are cold), which shows next
 * to a 15-20 ms GPU UNet step; so previews come at most ~10 a second (as token events are
 * throttled), and never more often than keeps their cost under PREVIEW_BUDGET of the time
 * between them (slow previews on a busy machine thin themselves out). The first step always
 * gets one, so that the picture starts to show at once.
 */
import { latentToRgb, previewDataUrl, type PreviewPixels } from './latent-preview'

const MIN_INTERVAL_MS = 100
/** Share of the loop's time previews may take: a quarter of the 1% the whole loop may. */
export const PREVIEW_BUDGET = 0.0025

export class PreviewSchedule {
  private lastMadeAt = -Infinity
  private lastCostMs = 0
  private pixels: PreviewPixels | undefined

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * A preview PNG data URL of the latent [4, h, w] when one is due now, else undefined. The pixel
   * buffer is reused from step to step.
   */
  preview(latent: Float32Array, latentHeight: number, latentWidth: number): string | undefined {
    const started = this.now()
    if (started - this.lastMadeAt < Math.max(MIN_INTERVAL_MS, this.lastCostMs / PREVIEW_BUDGET)) return undefined
    this.pixels = latentToRgb(latent, latentHeight, latentWidth, this.pixels)
    const url = previewDataUrl(this.pixels)
    this.lastMadeAt = this.now()
    this.lastCostMs = this.lastMadeAt - started
    return url
  }
}
