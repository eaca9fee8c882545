import type { ActivationMemory } from '../../shared/pack-manifest'

/**
 * Activation memory of each image pack family on onnxruntime's CPU provider in fp32, per item of
 * the UNet's batch: feature maps grow with the latent's pixel count L, attention scores (unfused
 * MatMul + Softmax in these exports) with L squared. Measured for SD 1.x by
 * tools/memory/measure-sd.ts on exports with SD 1.5's exact layer shapes (859,520,964 UNet and
 * 49,490,199 VAE-decoder parameters, random weights: values do not change memory) with the
 * inference process's session options: the larger of a UNet step per batch item and a decode,
 * fitted over 256, 384 and 512 px, gave 165,250 bytes per latent pixel and 28 per pixel pair
 * (512 px: 1.11 GB per UNet batch item, 0.96 GB for the decode). The figures here are that fit
 * plus about 25% for allocator slack, enough that every measured run stays under its estimate. SD 2.x and SD-Turbo have the same channels but 5 heads at full resolution
 * instead of 8, so their scores take 5/8 as much.
 */
export const familyActivationMemory: Record<string, ActivationMemory> = {
  sd15: { perLatentPixel: 215_000, perLatentPixelPair: 35 },
  lcm: { perLatentPixel: 215_000, perLatentPixelPair: 35 },
  sd2: { perLatentPixel: 215_000, perLatentPixelPair: 22 },
  'sd-turbo': { perLatentPixel: 215_000, perLatentPixelPair: 22 },
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

/** The sizes of a GPT-2 model that its activations grow with (config.json's n_layer, n_head, n_embd, n_positions, vocab_size). */
export interface Gpt2Shape {
  layers: number
  heads: number
  embedding: number
  contextLength: number
  vocabularySize: number
}

/**
 * Peak activation memory of a GPT-2 run at its full window, the most the studio ever asks of
 * it (a prompt and its continuation never exceed n_positions): keys and values of every layer
 * for every position (the KV cache), the prompt's logits (float32, one row per position: the
 * export computes them all), one layer's attention scores and softmax during the prompt pass,
 * and its MLP's 4x-wide hidden state. `bytesPerValue` is 2 for float16 exports, else 4.
 */
export function textActivationBytes(shape: Gpt2Shape, bytesPerValue: number): number {
  const window = shape.contextLength
  const kvCache = 2 * shape.layers * window * shape.embedding * bytesPerValue
  const logits = window * shape.vocabularySize * 4
  const attention = 2 * shape.heads * window ** 2 * bytesPerValue
  const mlp = 4 * window * shape.embedding * bytesPerValue
  return kvCache + logits + attention + mlp
}
