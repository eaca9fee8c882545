import { z } from 'zod'
import { HubRepoId, HubRevision, OptimizeWeights, PackManifestId, PackVariant, WeightsChoice, type PackKind, type PackManifest, type PackModelVariant, type TextWeights } from '../pack-manifest'
import { defineCall, defineJob, type JobProgressUpdate } from './define'
import type { ProviderAttempt } from './text'

export type { PackKind, PackManifest } from '../pack-manifest'

/** What the UI and the command line show of a pack. */
export interface PackSummary {
  id: string
  name: string
  version: string
  licence: string
  kind: PackKind
  architecture: string
  /** Shipped with the app (read-only, cannot be removed). */
  bundled: boolean
  /** The active pack of its kind. */
  active: boolean
  /** Sum of the sizes its manifest lists. */
  sizeBytes: number
  /** Absolute path of the pack folder. */
  path: string
}

/** The active pack id of every kind (null when no pack of that kind exists). */
export type ActivePacks = Record<PackKind, string | null>

export interface PackDetails extends PackSummary {
  manifest: PackManifest
  /** Which weights run, for a text pack: the person's pick, or auto (the provider's best); null for other kinds. */
  weights: WeightsChoice | null
}

/** What an import or a download ends with (the `result` of its job.done). */
export interface PackInstallResult {
  pack: PackSummary
  /** Things a person may want to know (a derived manifest, a scheduler mapped to another). */
  notices: string[]
}

/**
 * Progress of an import or a download: `inspect` (model files checked), `hash` / `copy` /
 * `extract` (bytes), `download` (bytes, with rate and ETA in `detail`, and `retry` while it retries).
 */
export type PackInstallProgress = JobProgressUpdate<
  'download' | 'extract' | 'copy' | 'hash' | 'inspect',
  {
    file?: string
    bytesPerSecond?: number
    etaSeconds?: number
    /**
     * Set while a download waits to try again after a connection failed or stalled (`stall`:
     * no byte for 30 s): what happened, and the attempt that follows out of how many. The next
     * byte's progress comes without them.
     */
    retryCause?: 'stall' | 'failure'
    retryReason?: string
    retryAttempt?: number
    retryAttempts?: number
  }
>

export interface PackVerifyResult {
  ok: boolean
  /** One line per file that is missing, has another size, or another sha256. */
  problems: string[]
}

/** What `packs.optimize` ends with: the variant as recorded in pack.json. */
export interface PackOptimizeResult {
  /** The pack folder that gained the variant. */
  path: string
  variant: PackModelVariant
  /** Set when the variant's agreement with the original falls below the bound for its format. */
  warning: string | null
}

/** Progress of `packs.optimize`: graph rewrite (files), quality check (tokens), speed (rounds), hash (bytes). */
export type PackOptimizeProgress = JobProgressUpdate<'rewrite' | 'quality' | 'speed' | 'hash'>

/**
 * Whether a pack fits this machine: `fits` in the memory free now, `tight` only once other
 * programs give some back, `too-big` beyond all of it, `unknown` where the device's memory
 * cannot be read (a GPU whose driver does not say).
 */
export type FitVerdict = 'fits' | 'tight' | 'too-big' | 'unknown'

/** One weight variant of a text pack, as it lies in the folder. */
export interface TextVariantSize {
  weights: TextWeights
  sizeBytes: number
}

/** An estimate of what using a pack takes, against what this machine has; it informs and refuses nothing. */
export interface PackFit {
  /** The execution provider expected to run it, and why each earlier one would not. */
  provider: string
  attempts: ProviderAttempt[]
  /** Whose memory it uses: a GPU's own, or the machine's (the CPU, or a GPU that shares it). */
  memory: 'gpu' | 'system'
  /** The weights that would be loaded (for a text pack, the variant that would run). */
  weightsBytes: number
  /** Activations at the most the studio asks: a text pack at its full window, a picture at the pack's default size. */
  activationBytes: number
  neededBytes: number
  /** The device's memory in all, and free now (null where unknown). */
  totalBytes: number | null
  freeBytes: number | null
  verdict: FitVerdict
  /** What the activation figure assumes: a window of tokens, a picture size, or nothing (weights only). */
  basis: { tokens: number } | { width: number; height: number } | null
  /** For a text pack: the weights that would run, and every variant the folder holds. */
  weights: TextWeights | null
  variants: TextVariantSize[]
}

export const packsCalls = {
  'packs.fit': defineCall<PackFit>()(
    z.strictObject({ id: PackManifestId }),
    "Estimate a pack's memory (weights and activations) against this machine's and say which provider would run it.",
  ),
  'packs.list': defineCall<PackSummary[]>()(z.strictObject({}), 'Every pack, bundled and installed.'),
  'packs.show': defineCall<PackDetails>()(z.strictObject({ id: PackManifestId }), 'One pack with its manifest.'),
  'packs.use': defineCall<ActivePacks>()(
    z.strictObject({
      id: PackManifestId,
      /** For a text pack: the weights to run (`model_<weights>.onnx`), or auto for the provider's best. */
      weights: WeightsChoice.optional(),
    }),
    'Make a pack the active one of its kind, with the weights to run for a text pack; emits packs.changed.',
  ),
  'packs.import': defineJob<PackInstallResult, PackInstallProgress>()(
    z.strictObject({ path: z.string().min(1).max(4096) }),
    'Import a pack from a folder or a zip; job.done carries a PackInstallResult.',
  ),
  'packs.download': defineJob<PackInstallResult, PackInstallProgress>()(
    z.strictObject({
      repo: HubRepoId,
      revision: HubRevision.default('main'),
      variant: PackVariant.optional(),
      /** An access token for gated repositories (else HF_TOKEN of the studio's environment). */
      token: z.string().min(1).max(512).regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII').optional(),
    }),
    'Download a pack from the model hub; job.progress carries bytes, rate and ETA; job.done a PackInstallResult.',
  ),
  'packs.verify': defineCall<PackVerifyResult>()(
    z.strictObject({ id: PackManifestId }),
    'Re-hash a pack and report every file that differs from its manifest.',
  ),
  'packs.optimize': defineJob<PackOptimizeResult, PackOptimizeProgress>()(
    z.strictObject({
      /** An installed pack's id, or the absolute path of a pack folder. */
      pack: z.string().min(1).max(4096),
      weights: OptimizeWeights,
    }),
    "Write a quantized (int8, q4) or float16 variant of a text pack's model beside the original, check its quality and record it in pack.json.",
  ),
  'packs.remove': defineCall<{ removed: boolean; active: ActivePacks }>()(
    z.strictObject({ id: PackManifestId }),
    'Delete an installed pack (never a bundled one).',
  ),
}
