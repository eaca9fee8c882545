/**
 * The pack manifest (`pack.json`): the one file that turns a folder of model files into a pack.
 * Parsed with a strict schema on every read (bundled, installed, imported or downloaded alike),
 * because a manifest is data from outside: every string and number is bounded, every file path
 * must stay inside the pack folder on every platform, and unknown fields are refused.
 *
 * Kinds are data: `packKinds` lists each kind with its architectures and its defaults schema,
 * and the manifest schema is assembled from that table, so a new kind (an upscaler, say) is one
 * more entry, not new branches in the registry.
 *
 * Shared with the renderer: imports nothing from Node.
 */
import { z } from 'zod'
import { ImageRenderInput, UpscaleFactor } from './contract/image'
import { SamplingOptions } from './contract/text'

export { textWeights, TextWeights, WeightsChoice } from './contract/text'

export const PACK_FORMAT_VERSION = 1

/** Lowercase letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 64 chars. */
export const PACK_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/
export const PackManifestId = z
  .string()
  .regex(PACK_ID_PATTERN, 'a pack id is 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit')

/** Largest file a pack may list (far above any real export; a sanity bound, not a budget). */
export const MAX_PACK_FILE_BYTES = 2 ** 40
/** Most files one pack may list. */
export const MAX_PACK_FILES = 4096
/** Longest relative path of a pack file. */
export const MAX_PACK_PATH_LENGTH = 512

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/
/** Names Windows reserves for devices, in any case and with any extension. */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i

/**
 * Why a relative path is unsafe as a file inside a pack, or null when it is safe: POSIX
 * separators only, no empty, `.` or `..` segment, no leading `/`, no backslash, no drive letter or
 * `:` (Windows streams), no NUL or other control characters, no Windows device names, and no
 * segment ending in a dot or space (Windows silently strips those, so two names could collide).
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'is empty'
  if (path.length > MAX_PACK_PATH_LENGTH) return `is longer than ${MAX_PACK_PATH_LENGTH} characters`
  if (CONTROL_CHARACTERS.test(path)) return 'contains a NUL or control character'
  if (path.includes('\\')) return 'contains a backslash (pack paths use "/")'
  if (path.includes(':')) return 'contains ":" (a drive letter or stream name)'
  if (path.startsWith('/')) return 'is absolute'
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') return 'has an empty or "." segment'
    if (segment === '..') return 'climbs out of the pack with ".."'
    if (/[. ]$/.test(segment)) return 'has a name ending in a dot or space'
    if (WINDOWS_DEVICE_NAME.test(segment)) return `uses the reserved name "${segment}"`
  }
  return null
}

/** A file path inside a pack: relative, POSIX, and unable to leave the pack folder. */
export const PackFilePath = z.string().superRefine((path, context) => {
  const reason = unsafePathReason(path)
  if (reason) context.addIssue({ code: 'custom', message: `file path ${JSON.stringify(path.slice(0, 80))} ${reason}` })
})

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters')

export const PackFile = z.strictObject({
  path: PackFilePath,
  size: z.int().min(0).max(MAX_PACK_FILE_BYTES),
  sha256: Sha256Hex,
})
export type PackFile = z.infer<typeof PackFile>

/** One line of human text: bounded, no control characters. */
const Line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => !CONTROL_CHARACTERS.test(text), 'must not contain control characters')

/** Free text (descriptions): bounded; newlines and tabs allowed, other control characters not. */
const Paragraphs = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text), 'must not contain control characters')

/** A hub repository id, `owner/name`. */
export const HubRepoId = z.string().regex(/^[\w.-]{1,96}\/[\w.-]{1,96}$/, 'a repository id looks like owner/name')
/** A branch, tag or commit of a hub repository. */
export const HubRevision = z.string().regex(/^[\w./-]{1,128}$/, 'a revision is a branch, tag or commit id')

export const packVariants = ['fp32', 'fp16', 'quantized'] as const
export const PackVariant = z.enum(packVariants)
export type PackVariant = z.infer<typeof PackVariant>

export const PackSource = z.strictObject({
  repo: HubRepoId,
  revision: HubRevision,
  /** Which of the repository's weight variants this pack holds, when it had several. */
  variant: PackVariant.optional(),
})
export type PackSource = z.infer<typeof PackSource>

/** Sampling defaults of a text pack: any sampling option except a fixed seed. */
export const TextPackDefaults = SamplingOptions.omit({ seed: true })
/** Rendering defaults of an image pack. */
export const ImagePackDefaults = ImageRenderInput.pick({
  steps: true,
  guidance: true,
  scheduler: true,
  width: true,
  height: true,
  negativePrompt: true,
})

/**
 * Defaults of an upscaler pack: its scale (else read from the model's fixed shapes or a probe
 * run) and the tile size it runs best at (else the model's fixed size, or one that fits memory).
 */
export const UpscalerPackDefaults = z.strictObject({
  scale: UpscaleFactor.optional(),
  tile: z.int().min(16).max(2048).optional(),
})

/**
 * Every kind of pack: the architectures it may declare and the schema of its defaults. The
 * manifest schema, the registry's active-pack slots and the import detection all read this table.
 */
export const packKinds = {
  text: { architectures: ['gpt2'], defaults: TextPackDefaults },
  image: { architectures: ['sd15', 'sd2', 'sd-turbo', 'lcm'], defaults: ImagePackDefaults },
  // GAN super-resolution generators run alone (Real-ESRGAN's SRVGG and RRDB nets and their kin).
  upscaler: { architectures: ['esrgan'], defaults: UpscalerPackDefaults },
} as const

export type PackKind = keyof typeof packKinds
export const packKindNames = Object.keys(packKinds) as PackKind[]
export type PackArchitecture<K extends PackKind = PackKind> = (typeof packKinds)[K]['architectures'][number]

/**
 * What an image pack's run needs beyond its weights, per item of the UNet's batch, as a function
 * of the latent's pixel count L (width/8 x height/8): `perLatentPixel` x L for feature maps (UNet
 * and VAE), plus `perLatentPixelPair` x L^2 for the attention scores of the full-resolution
 * blocks (heads x 4 bytes x score and softmax copies). Measured per pack family.
 */
export const ActivationMemory = z.strictObject({
  perLatentPixel: z.number().min(0).max(2 ** 30),
  perLatentPixelPair: z.number().min(0).max(2 ** 20),
})
export type ActivationMemory = z.infer<typeof ActivationMemory>

/** The one picture size an image export runs at, when its graph fixes the latent's sides. */
export const FixedPictureSize = z.strictObject({
  width: z.int().min(8).max(8192),
  height: z.int().min(8).max(8192),
})
export type FixedPictureSize = z.infer<typeof FixedPictureSize>

const commonFields = {
  formatVersion: z.literal(PACK_FORMAT_VERSION, {
    error: `formatVersion must be ${PACK_FORMAT_VERSION} (a newer Taleweaver may be needed for this pack)`,
  }),
  id: PackManifestId,
  name: Line(80),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$/, 'version looks like 1.0.0'),
  licence: Line(64),
  description: Paragraphs(2000).optional(),
  provenance: Paragraphs(4000).optional(),
  files: z
    .array(PackFile)
    .min(1)
    .max(MAX_PACK_FILES)
    .superRefine((files, context) => {
      // Case-insensitive: on Windows and macOS two such names are the same file.
      const seen = new Set<string>()
      for (const file of files) {
        const key = file.path.toLowerCase()
        if (key === 'pack.json') context.addIssue({ code: 'custom', message: 'pack.json cannot list itself' })
        if (seen.has(key)) context.addIssue({ code: 'custom', message: `file ${file.path} is listed twice` })
        seen.add(key)
      }
    }),
  memoryBytes: z.int().min(0).max(2 ** 50).optional(),
  activationMemory: ActivationMemory.optional(),
  fixedSize: FixedPictureSize.optional(),
  source: PackSource.optional(),
}

function manifestOf<K extends PackKind>(kind: K) {
  const spec = packKinds[kind]
  return z.strictObject({
    ...commonFields,
    kind: z.literal(kind),
    architecture: z.enum(spec.architectures as unknown as [PackArchitecture<K>, ...PackArchitecture<K>[]]),
    defaults: (spec.defaults as (typeof packKinds)[K]['defaults']).optional(),
  })
}

/** Weight formats `packs optimize` writes, named as the file suffixes transformers.js uses. */
export const optimizeWeights = ['int8', 'q4', 'fp16'] as const
export const OptimizeWeights = z.enum(optimizeWeights)
export type OptimizeWeights = z.infer<typeof OptimizeWeights>

const Share = z.number().min(0).max(1)
const PositiveFigure = z.number().positive().max(1e9)

/**
 * A weight variant made by `packs optimize`: its files (also listed, with their sha256, in
 * `files`) and how it compares with the float32 original, measured when it was made.
 */
export const PackModelVariant = z.strictObject({
  weights: OptimizeWeights,
  files: z.array(PackFilePath).min(1).max(2),
  quality: z.strictObject({
    /** Next-token predictions compared on the held-out text. */
    positions: z.int().min(1).max(1e6),
    /** Share of them where the variant's top token is the original's. */
    agreement: Share,
    perplexity: PositiveFigure,
    referencePerplexity: PositiveFigure,
    meanAbsLogitError: z.number().min(0).max(1e6),
  }),
  speed: z.strictObject({
    tokensPerSecond: PositiveFigure,
    referenceTokensPerSecond: PositiveFigure,
    /** The execution provider both were measured on. */
    provider: Line(16),
  }),
})
export type PackModelVariant = z.infer<typeof PackModelVariant>

export const TextPackManifest = manifestOf('text').extend({ variants: z.array(PackModelVariant).max(optimizeWeights.length).optional() })
export const ImagePackManifest = manifestOf('image')
export const UpscalerPackManifest = manifestOf('upscaler')
export type TextPackManifest = z.infer<typeof TextPackManifest>
export type ImagePackManifest = z.infer<typeof ImagePackManifest>
export type UpscalerPackManifest = z.infer<typeof UpscalerPackManifest>

/** The whole manifest: one strict schema per kind, chosen by `kind`. */
export const PackManifest = z.discriminatedUnion('kind', [TextPackManifest, ImagePackManifest, UpscalerPackManifest])
export type PackManifest = z.infer<typeof PackManifest>

/** A manifest's problems as short lines a person can act on (`files.2.sha256: ...`). */
export function describeManifestIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const where = issue.path.map(String).join('.')
    return where ? `${where}: ${issue.message}` : issue.message
  })
}
