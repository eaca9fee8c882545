import sharp from 'sharp'

/**
 * A cheap look at a latent without running the VAE: each latent pixel becomes one RGB pixel
 * through a fixed linear map fitted to SD 1.x's VAE (the factors popularised by ComfyUI's
 * latent previews). Good enough to watch the picture form; never used for the final image.
 */
const LATENT_TO_RGB = [
  [0.3512, 0.2297, 0.3227],
  [0.325, 0.4974, 0.235],
  [-0.2829, 0.1762, 0.2721],
  [-0.212, -0.2616, -0.7177],
] as const

/**
 * RGB bytes of a latent [4, h, w] (the scaled latent the UNet works on, e.g. the scheduler's
 * x0 estimate); `into` is reused across steps.
 */
export function latentToRgb(latent: Float32Array, latentHeight: number, latentWidth: number, into?: Uint8Array): Uint8Array {
  const plane = latentHeight * latentWidth
  const rgb = into && into.length === plane * 3 ? into : new Uint8Array(plane * 3)
  for (let i = 0; i < plane; i++) {
    const l0 = latent[i]
    const l1 = latent[plane + i]
    const l2 = latent[2 * plane + i]
    const l3 = latent[3 * plane + i]
    for (let c = 0; c < 3; c++) {
      const value = l0 * LATENT_TO_RGB[0][c] + l1 * LATENT_TO_RGB[1][c] + l2 * LATENT_TO_RGB[2][c] + l3 * LATENT_TO_RGB[3][c]
      const unit = (value + 1) / 2
      rgb[i * 3 + c] = Math.round(255 * (unit < 0 ? 0 : unit > 1 ? 1 : unit))
    }
  }
  return rgb
}

/** A preview PNG as a data: URL (fast settings: the preview is small and short-lived). */
export async function previewDataUrl(rgb: Uint8Array, width: number, height: number): Promise<string> {
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer()
  return `data:image/png;base64,${png.toString('base64')}`
}
