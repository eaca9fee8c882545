import type { ActivationMemory } from '../../shared/pack-manifest'

/**
 * Activation memory of each image pack family on onnxruntime's CPU provider in fp32 (the
 * attention in these exports is unfused MatMul + Softmax, so its scores grow with the square of
 * the latent's pixel count). Feature maps: about 400 KiB per latent pixel for UNet and VAE
 * decoder together (SD 1.5 at 512 x 512, L = 4096: about 1.6 GB). Attention: SD 1.x runs 8 heads
 * at full latent resolution, SD 2.x and SD-Turbo 5 (head size 64 over 320 channels), each
 * holding scores and their softmax in float32 (8 bytes per pair per head).
 */
export const familyActivationMemory: Record<string, ActivationMemory> = {
  sd15: { perLatentPixel: 400 * 1024, perLatentPixelPair: 8 * 8 },
  lcm: { perLatentPixel: 400 * 1024, perLatentPixelPair: 8 * 8 },
  sd2: { perLatentPixel: 400 * 1024, perLatentPixelPair: 5 * 8 },
  'sd-turbo': { perLatentPixel: 400 * 1024, perLatentPixelPair: 5 * 8 },
}

/** How many pixels one latent pixel covers along a side: the VAE's fixed factor for every SD family. */
export const VAE_SCALE = 8

/**
 * The side step an SD-style UNet takes: it halves the latent once per down block but the last
 * (diffusers' UNet2DConditionModel), so sides must divide by 8 x 2^(blocks - 1): 64 for SD 1.x/2.x
 * (four blocks), 16 for a two-block starter. Without `block_out_channels` nothing more than the
 * VAE's 8 is known.
 */
export function unetSideStep(unetConfig: Record<string, unknown> | null): number {
  const blocks = unetConfig?.block_out_channels
  const downsamples = Array.isArray(blocks) && blocks.length > 0 ? Math.min(blocks.length - 1, 6) : 0
  return VAE_SCALE * 2 ** downsamples
}
