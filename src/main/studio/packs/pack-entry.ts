import type { PackManifest } from '../../../shared/pack-manifest'

/** A pack as the registry lists it: its manifest, its folder, and whether it ships with the app. */
export interface PackEntry {
  manifest: PackManifest
  dir: string
  bundled: boolean
}

/** Where installs go, and which ids are taken: the part of the registry an install needs. */
export interface InstallTarget {
  /** The folder installed packs live in. */
  readonly installedRoot: string
  /** The pack with this id, bundled or installed; rejects when there is none. */
  get(id: string): Promise<PackEntry>
}
