import type { PackKind } from '../../../shared/contract'
import type { ActivationMemory, FixedPictureSize, WeightsChoice } from '../../../shared/pack-manifest'

/** A pack located on disk, ready for an engine to open. */
export interface ResolvedPack {
  id: string
  kind: PackKind
  /** The manifest's architecture (gpt2, sd15, ...); absent from resolvers built over bare folders in tests. */
  architecture?: string
  /** Absolute path of the pack folder. */
  dir: string
  /** The manifest's defaults (sampling for text, rendering for images), when it has any. */
  defaults: Record<string, unknown>
  /** Each file of the pack with its sha256, as the manifest lists it (pictures record them). */
  files?: { path: string; sha256: string }[]
  /** What the loaded weights take (the manifest's memoryBytes, else its files' total). */
  memoryBytes?: number
  /** The manifest's activation figures, when it records them (else its family's apply). */
  activationMemory?: ActivationMemory
  /** The one picture size an image pack's export runs at, when its manifest records one. */
  fixedSize?: FixedPictureSize
  /** Which weights of a text pack run (the person's pick, else auto). */
  weights?: WeightsChoice
}

/**
 * How the studio finds packs: by id, or the active pack of a kind when no id is given. The
 * registry implements it; engines only ever receive folder paths from it.
 */
export interface PackResolver {
  resolve(kind: PackKind, id?: string): Promise<ResolvedPack>
  /**
   * Makes a folder given on the command line usable for this process only (it is not installed
   * or remembered) and returns its id. Not reachable through the contract: a renderer can never
   * point the engine at arbitrary paths.
   */
  openFolder(dir: string): Promise<string>
}
