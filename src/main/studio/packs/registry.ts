import { lstat, readdir, realpath, rename, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { ActivePacks, PackDetails, PackSummary } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { packKindNames, type PackKind, type PackManifest, type WeightsChoice } from '../../../shared/pack-manifest'
import { ActivePacksFile, type ChosenPacks } from './active-packs-file'
import type { PackEntry } from './pack-entry'
import { derivePack, inspectAndCheck, type InspectModels } from './install-pack'
import { listPackFiles } from './pack-files'
import { MANIFEST_FILE, manifestBytes, readManifest } from './pack-folder'
import type { PackResolver, ResolvedPack } from './resolver'

/** The bundled pack each kind starts with, when it is present. */
export const STARTER_PACKS: Record<PackKind, string> = {
  text: 'starter-story',
  image: 'starter-pictures',
  upscaler: 'starter-upscaler',
}

/** One pack the registry knows: its validated manifest and where it lives. */
/** A folder under a pack root that is not a usable pack, and why (shown by diagnostics). */
export interface SkippedFolder {
  dir: string
  reason: string
}

export interface PackRegistryOptions {
  /** The user's data folder; installed packs live in its packs/ folder. */
  dataDir: string
  /** The app's resources folder; bundled packs live in its models/ folder (read-only). */
  resourcesDir: string
  /** Checks the models of installed and opened folders (the inference process's `packs.inspect`). */
  inspect: InspectModels
}

/**
 * The packs on this machine: bundled ones (read-only) and installed ones, plus the active pack
 * of each kind, chosen independently and remembered in the data folder. Folders are re-read on
 * every lookup, so a pack copied in or removed by hand is seen at once.
 */
export class PackRegistry implements PackResolver {
  readonly bundledRoot: string
  readonly installedRoot: string
  private readonly settings: ActivePacksFile
  /** Folders opened for this process only (command line `--pack <dir>`), by id. */
  private readonly opened = new Map<string, PackEntry>()
  /** Serialises writes of the settings file. */
  private writing: Promise<unknown> = Promise.resolve()
  /** Checks models in the inference process, which the studio owns. */
  readonly inspect: InspectModels

  constructor(options: PackRegistryOptions) {
    this.bundledRoot = resolve(options.resourcesDir, 'models')
    this.installedRoot = resolve(options.dataDir, 'packs')
    this.settings = new ActivePacksFile(options.dataDir)
    this.inspect = options.inspect
  }

  /** Every usable pack, bundled first, then installed, each sorted by id; plus the folders skipped. */
  async scan(): Promise<{ packs: PackEntry[]; skipped: SkippedFolder[] }> {
    const skipped: SkippedFolder[] = []
    const bundled = await scanRoot(this.bundledRoot, true, skipped)
    const installed = await scanRoot(this.installedRoot, false, skipped)
    const ids = new Set(bundled.map((entry) => entry.manifest.id))
    const packs = [...bundled]
    for (const entry of installed) {
      // A bundled pack owns its id; an installed copy under the same id is never used.
      if (ids.has(entry.manifest.id)) skipped.push({ dir: entry.dir, reason: `a bundled pack is already called ${entry.manifest.id}` })
      else packs.push(entry)
    }
    return { packs, skipped }
  }

  async entries(): Promise<PackEntry[]> {
    return (await this.scan()).packs
  }

  /** A pack by id (opened folders first), or `not-found`. */
  async get(id: string): Promise<PackEntry> {
    return this.opened.get(id) ?? findPack(await this.entries(), id)
  }

  /** The active pack id of every kind: the remembered choice, else the starter, else the first. */
  async active(): Promise<ActivePacks> {
    return pickActive(await this.entries(), (await this.settings.read()).active)
  }

  async list(): Promise<PackSummary[]> {
    const packs = await this.entries()
    const active = pickActive(packs, (await this.settings.read()).active)
    return packs.map((entry) => summarize(entry, active))
  }

  async details(id: string): Promise<PackDetails> {
    const packs = await this.entries()
    const entry = this.opened.get(id) ?? findPack(packs, id)
    const choices = await this.settings.read()
    const weights = entry.manifest.kind === 'text' ? (choices.weights[id] ?? 'auto') : null
    return { ...summarize(entry, pickActive(packs, choices.active)), manifest: entry.manifest, weights }
  }

  /**
   * Makes a pack the active one of its kind and remembers the choice, with the weights to run
   * when given (text packs only; `auto` forgets an earlier pick).
   * @returns the new active packs and the pack that was active before (null if none or unchanged).
   */
  async use(id: string, weights?: WeightsChoice): Promise<{ active: ActivePacks; previous: PackEntry | null }> {
    return this.serialise(async () => {
      const packs = await this.entries()
      const entry = findPack(packs, id)
      const kind = entry.manifest.kind
      if (weights !== undefined && kind !== 'text') throw new ContractError('invalid-input', `${id} is an ${kind} pack; only text packs have weights to choose.`)
      const { active: chosen, weights: picked } = await this.settings.read()
      const previousId = pickActive(packs, chosen)[kind]
      const { [id]: _earlier, ...otherWeights } = picked
      const nextWeights = weights === undefined ? picked : weights === 'auto' ? otherWeights : { ...otherWeights, [id]: weights }
      await this.settings.write({ active: { ...chosen, [kind]: id }, weights: nextWeights })
      const previous = previousId && previousId !== id ? (packs.find((p) => p.manifest.id === previousId) ?? null) : null
      return { active: pickActive(packs, { ...chosen, [kind]: id }), previous }
    })
  }

  /**
   * Deletes an installed pack. Bundled packs are refused. A removed active pack is forgotten,
   * so its kind falls back to the default.
   */
  async remove(id: string): Promise<{ entry: PackEntry; active: ActivePacks }> {
    return this.serialise(async () => {
      const entry = await this.get(id)
      if (entry.bundled) throw new ContractError('invalid-input', `${id} ships with Taleweaver and cannot be removed.`)
      if (this.opened.get(id) === entry) throw new ContractError('invalid-input', `${id} was opened from a folder, not installed.`)
      // Rename first so a half-deleted folder never looks like a pack.
      const trash = join(this.installedRoot, `.removing-${id}-${Date.now()}`)
      await rename(entry.dir, trash)
      await rm(trash, { recursive: true, force: true })
      const choices = await this.settings.read()
      const { active: chosen, weights } = choices
      const kind = entry.manifest.kind
      if (chosen[kind] === id || id in weights) {
        if (chosen[kind] === id) delete chosen[kind]
        delete weights[id]
        await this.settings.write(choices)
      }
      return { entry, active: pickActive(await this.entries(), chosen) }
    })
  }

  async resolve(kind: PackKind, id?: string): Promise<ResolvedPack> {
    const entry = id === undefined ? await this.activeEntry(kind) : await this.get(id)
    const packId = entry.manifest.id
    if (entry.manifest.kind !== kind) {
      throw new ContractError('invalid-input', `${packId} is a ${entry.manifest.kind} pack; a ${kind} pack is needed here.`)
    }
    return {
      id: packId,
      kind,
      architecture: entry.manifest.architecture,
      dir: entry.dir,
      defaults: { ...(entry.manifest.defaults ?? {}) },
      files: entry.manifest.files.map(({ path, sha256 }) => ({ path, sha256 })),
      memoryBytes: entry.manifest.memoryBytes ?? manifestBytes(entry.manifest),
      ...(entry.manifest.activationMemory ? { activationMemory: entry.manifest.activationMemory } : {}),
      ...(entry.manifest.fixedSize ? { fixedSize: entry.manifest.fixedSize } : {}),
      ...(kind === 'text' ? { weights: (await this.settings.read()).weights[packId] ?? 'auto' } : {}),
    }
  }

  /**
   * Opens a folder for this process. Its models pass the same safety and signature checks as
   * an import; a plain export without pack.json gets a manifest derived in memory (nothing is
   * written into the person's folder).
   */
  async openFolder(dir: string): Promise<string> {
    const folder = await realFolder(dir)
    const context = { registry: this, inspect: this.inspect, signal: new AbortController().signal }
    const hasManifest = await lstat(join(folder, MANIFEST_FILE)).then(
      () => true,
      () => false,
    )
    let manifest: PackManifest
    if (hasManifest) {
      manifest = await readManifest(folder)
      await inspectAndCheck(folder, manifest.files.map((file) => file.path).filter((path) => path.endsWith('.onnx')), manifest.files, manifest.architecture, context)
    } else {
      const found = await listPackFiles(folder)
      manifest = (await derivePack({ dir: folder, nameHint: basename(folder) }, found, context, false)).manifest
    }
    this.opened.set(manifest.id, { manifest, dir: folder, bundled: false })
    return manifest.id
  }

  /** The active pack of a kind, from one scan of the pack roots. */
  private async activeEntry(kind: PackKind): Promise<PackEntry> {
    const packs = await this.entries()
    const packId = pickActive(packs, (await this.settings.read()).active)[kind]
    if (!packId) {
      throw new ContractError('not-found', `No ${kind} pack is installed; import one (taleweaver packs import <folder>) or download one.`)
    }
    // Active ids come from the scan; a folder opened under the same id still takes precedence, as in get().
    return this.opened.get(packId) ?? findPack(packs, packId)
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writing.then(work, work)
    this.writing = result.catch(() => undefined)
    return result
  }
}

/** The scanned pack with this id, or `not-found`. */
function findPack(packs: readonly PackEntry[], id: string): PackEntry {
  const entry = packs.find((candidate) => candidate.manifest.id === id)
  if (!entry) throw new ContractError('not-found', `No pack called ${id} is installed (see: taleweaver packs list).`)
  return entry
}

/** Active pack per kind: the remembered choice if it still exists, else the starter, else the first. */
export function pickActive(packs: PackEntry[], chosen: ChosenPacks): ActivePacks {
  const active = {} as ActivePacks
  for (const kind of packKindNames) {
    const ofKind = packs.filter((entry) => entry.manifest.kind === kind)
    const has = (id: string | undefined) => id !== undefined && ofKind.some((entry) => entry.manifest.id === id)
    const choice = chosen[kind]
    active[kind] = has(choice) ? choice! : has(STARTER_PACKS[kind]) ? STARTER_PACKS[kind] : (ofKind[0]?.manifest.id ?? null)
  }
  return active
}

export function summarize(entry: PackEntry, active: ActivePacks): PackSummary {
  const { manifest } = entry
  return {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    licence: manifest.licence,
    kind: manifest.kind,
    architecture: manifest.architecture,
    bundled: entry.bundled,
    active: active[manifest.kind] === manifest.id,
    sizeBytes: manifestBytes(manifest),
    path: entry.dir,
  }
}

/** Folder names starting with a dot are work areas (imports, downloads, removals in progress). */
async function scanRoot(root: string, bundled: boolean, skipped: SkippedFolder[]): Promise<PackEntry[]> {
  let names: string[]
  try {
    names = await readdir(root)
  } catch {
    return []
  }
  const entries: PackEntry[] = []
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue
    const dir = join(root, name)
    try {
      if (!(await lstat(dir)).isDirectory()) continue
      const manifest = await readManifest(dir)
      if (manifest.id !== name) throw new Error(`its pack.json says id ${manifest.id}, but the folder is called ${name}`)
      entries.push({ manifest, dir, bundled })
    } catch (error) {
      skipped.push({ dir, reason: error instanceof Error ? error.message : String(error) })
    }
  }
  return entries
}

async function realFolder(dir: string): Promise<string> {
  try {
    const folder = await realpath(resolve(dir))
    if ((await lstat(folder)).isDirectory()) return folder
  } catch {
    // reported below
  }
  throw new ContractError('not-found', `${dir} is not a folder.`)
}
