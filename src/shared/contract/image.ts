import { z } from 'zod'
import { defineCall, defineJob, type JobProgressUpdate } from './define'
import { PackId, TokenizeInput, type ProviderAttempt, type TokenizeResult } from './text'

export const schedulerNames = ['ddim', 'euler', 'euler-a', 'dpmpp-2m', 'dpmpp-2m-karras', 'lcm'] as const
export const SchedulerName = z.enum(schedulerNames)
export type SchedulerName = z.infer<typeof SchedulerName>

/** Settings a render takes when neither the request nor the pack's manifest gives them. */
export const IMAGE_RENDER_DEFAULTS = { steps: 20, guidance: 7.5, width: 512, height: 512 } as const
/** The largest side the studio renders; the memory budget usually allows far less. */
export const MAX_IMAGE_SIDE = 2048

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

/** The model pack that made something, pinned by the sha256 of each of its files. */
export const PackRecord = z.strictObject({
  id: PackId,
  files: z.array(z.strictObject({ path: z.string().min(1).max(512), sha256: Sha256 })).max(4096),
})
export type PackRecord = z.infer<typeof PackRecord>

/** How many times wider and taller an upscaler makes a picture. */
export const upscaleFactors = [2, 4] as const
export const UpscaleFactor = z.union([z.literal(2), z.literal(4)])
export type UpscaleFactor = z.infer<typeof UpscaleFactor>

/** The PNG text key under which a picture carries its {@link PictureRecord}, as JSON. */
export const PICTURE_RECORD_KEY = 'taleweaver-record'

/** One enlargement of a picture: the upscaler pack (pinned by its hashes), the scale, the tiling and the result's size. */
export const UpscaleRecord = z.strictObject({
  pack: PackRecord,
  scale: UpscaleFactor,
  /** Tile edge in input pixels, and model runs (tiles times passes). */
  tile: z.int().min(1).max(8192),
  tiles: z.int().min(1).max(1_000_000),
  width: z.int().min(1).max(16_384),
  height: z.int().min(1).max(16_384),
  provider: z.string().max(32),
})
export type UpscaleRecord = z.infer<typeof UpscaleRecord>

/**
 * Everything needed to draw a picture again, bit for bit on the same provider: the pack and its
 * file hashes, every setting after defaults were applied, the provider and the engine's version;
 * then each upscale it went through, in order. The same record is embedded in the PNG (text key
 * `taleweaver-record`).
 */
export const PictureRecord = z.strictObject({
  pack: PackRecord,
  prompt: z.string().max(10_000),
  negativePrompt: z.string().max(10_000),
  seed: z.int().min(0).max(2 ** 32 - 1),
  scheduler: SchedulerName,
  steps: z.int().min(1).max(200),
  guidance: z.number().min(0).max(50),
  width: z.int().min(8).max(2048),
  height: z.int().min(8).max(2048),
  /** The execution provider that ran the UNet (cpu, cuda, ...). */
  provider: z.string().max(32),
  /** onnxruntime and PNG encoder versions: a different one may change the bytes. */
  engineVersion: z.string().max(200),
  /** The enlargements made after drawing, oldest first. */
  upscales: z.array(UpscaleRecord).max(8).optional(),
})
export type PictureRecord = z.infer<typeof PictureRecord>

export const ImageRenderInput = z.strictObject({
  pack: PackId.optional(),
  prompt: z.string().max(10_000),
  /** The picture described in Chinese: used instead of `prompt` by packs whose text encoder reads Chinese. */
  chinesePrompt: z.string().max(10_000).optional(),
  negativePrompt: z.string().max(10_000).optional(),
  steps: z.int().min(1).max(200).optional(),
  guidance: z.number().min(0).max(50).optional(),
  scheduler: SchedulerName.optional(),
  seed: z.int().min(0).max(2 ** 32 - 1).optional(),
  width: z.int().min(8).max(MAX_IMAGE_SIDE).multipleOf(8).optional(),
  height: z.int().min(8).max(MAX_IMAGE_SIDE).multipleOf(8).optional(),
})
export type ImageRenderInput = z.infer<typeof ImageRenderInput>

export interface ImageRenderResult {
  /** PNG bytes, base64, with the settings embedded as text metadata ("parameters"). */
  pngBase64: string
  seed: number
  steps: number
  guidance: number
  scheduler: SchedulerName
  width: number
  height: number
  /** The execution provider that ran the UNet (cpu, cuda, dml, coreml, webgpu). */
  provider: string
  /** Every provider offered the UNet, in order: the last ran it, each earlier one says why not. */
  providerAttempts: ProviderAttempt[]
  /** Prompt tokens before truncation; CLIP reads at most 75. */
  promptTokens: number
  promptTruncated: boolean
  /** Everything that made this picture (also embedded in the PNG as `taleweaver-record`). */
  record: PictureRecord
  /** Things a person should know: a substituted scheduler, a truncated prompt, a provider fallback. */
  notices: string[]
  timings: {
    /** Opening the pack's models (0 when they were already open). */
    loadMs: number
    encodeMs: number
    denoiseMs: number
    /** Time inside UNet runs, part of denoiseMs. */
    unetMs: number
    /** VAE decode and PNG encode. */
    decodeMs: number
  }
}

/** Stages an image job reports through job.progress (`denoise` steps carry a preview). */
export type ImageRenderStage = 'load' | 'encode' | 'denoise' | 'decode'
export type ImageRenderProgress = JobProgressUpdate<ImageRenderStage, never>

/** Largest PNG an upscale call takes, base64 (a 4096 x 4096 picture fits several times over). */
const MAX_PNG_BASE64 = 100_000_000

export const ImageUpscaleInput = z.strictObject({
  /** An upscaler pack; default the active one. */
  pack: PackId.optional(),
  /** The picture, a PNG as base64; its text metadata (the generation record) is kept. */
  pngBase64: z.string().min(1).max(MAX_PNG_BASE64).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'pngBase64 must be base64'),
  /** Default: the pack's own scale. */
  scale: UpscaleFactor.optional(),
  /** Tile edge in input pixels; default the model's fixed size, else one that fits in memory. */
  tile: z.int().min(16).max(4096).optional(),
})
export type ImageUpscaleInput = z.infer<typeof ImageUpscaleInput>

export interface ImageUpscaleResult {
  /** The upscaled PNG, base64, with the input's text metadata and the upscale step added. */
  pngBase64: string
  width: number
  height: number
  scale: UpscaleFactor
  /** Model runs: tiles times passes (a x2 model run twice for x4). */
  tiles: number
  tile: number
  provider: string
  notices: string[]
  timings: { loadMs: number; upscaleMs: number }
}

/** Stages of an upscale job: `tile` counts model runs. */
export type ImageUpscaleProgress = JobProgressUpdate<'load' | 'tile' | 'encode', never>

export const imageCalls = {
  'image.render': defineJob<ImageRenderResult, ImageRenderProgress>()(
    ImageRenderInput,
    'Illustrate a prompt; job.progress per step with a preview, job.done (ImageRenderResult).',
  ),
  'image.upscale': defineJob<ImageUpscaleResult, ImageUpscaleProgress>()(
    ImageUpscaleInput,
    'Upscale a PNG with an upscaler pack (tiled, with feathered seams); job.progress per tile, job.done (ImageUpscaleResult).',
  ),
  'image.tokenize': defineCall<TokenizeResult>()(
    TokenizeInput,
    'CLIP token ids of a prompt (77: start, up to 75 tokens, end, padding); count is the prompt tokens before truncation.',
  ),
}
