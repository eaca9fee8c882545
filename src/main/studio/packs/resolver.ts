import type { PackKind } from '../../../shared/contract'

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
  /** Memory the pack needs while loaded, as its manifest estimates it. */
  memoryBytes?: number
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
