/**
 * The last steps every new pack goes through, imported or downloaded: its files are listed
 * and hashed, its manifest read or derived, its models inspected in the inference process (safety
 * checks and signatures), and only then is its folder renamed into the installed packs.
 */
import { lstat, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { ContractError } from '../../../shared/errors'
import type { PackInstallProgress } from '../../../shared/contract'
import type { PackFile, PackManifest, PackSource } from '../../../shared/pack-manifest'
import { writeFileAtomic } from '../storage/atomic-file'
import { deriveManifest, slugId } from './derive-manifest'
import { detectLayout } from './export-layout'
import { sha256File } from './file-hash'
import type { InspectParams } from '../../inference/packs/methods'
import type { ModelInspection } from '../../formats/onnx/model-safety'
import { listPackFiles, type FoundFile } from './pack-files'
import { MANIFEST_FILE, packFilePath, readManifest, unlistedFiles, unlistedFilesError } from './pack-folder'
import type { InstallTarget, PackEntry } from './pack-entry'
import { packSignatureProblems } from '../../formats/signatures'

/** Runs the model inspection; in the studio this is the inference process's `packs.inspect`. */
export type InspectModels = (params: InspectParams, signal: AbortSignal) => Promise<ModelInspection[]>


export interface InstallContext {
  registry: InstallTarget
  inspect: InspectModels
  signal: AbortSignal
  progress?: (update: PackInstallProgress) => void
}

export interface StagedPack {
  /** The folder holding the pack's files (inside the installed-packs root, so the rename is atomic). */
  dir: string
  /** Name to derive the id from when the folder has no pack.json. */
  nameHint: string
  source?: PackSource
  licence?: string
  /** sha256 values already verified while the files were fetched, by relative path. */
  knownHashes?: ReadonlyMap<string, string>
}

export interface InstalledPack {
  entry: PackEntry
  notices: string[]
}

/** Validates a staged folder, writes its manifest if it had none, and moves it into place. */
export async function installStagedPack(staged: StagedPack, context: InstallContext): Promise<InstalledPack> {
  const found = await listPackFiles(staged.dir)
  const hasManifest = await lstat(join(staged.dir, MANIFEST_FILE)).then(
    () => true,
    () => false,
  )
  const { manifest, notices } = hasManifest ? await checkDeclaredPack(staged, found, context) : await derivePack(staged, found, context)
  if (!hasManifest) await writeFileAtomic(join(staged.dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  const target = join(context.registry.installedRoot, manifest.id)
  try {
    await rename(staged.dir, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') throw alreadyInstalled(manifest.id)
    throw error
  }
  return { entry: { manifest, dir: target, bundled: false }, notices }
}

/** A folder that carries pack.json: every listed file must be there with its size and hash. */
async function checkDeclaredPack(staged: StagedPack, found: FoundFile[], context: InstallContext) {
  const manifest = await readManifest(staged.dir)
  const unlisted = unlistedFiles(manifest, found)
  if (unlisted.length > 0) throw unlistedFilesError(unlisted)
  await refuseTakenId(manifest.id, context.registry)
  const sizes = new Map(found.map((file) => [file.path, file.size]))
  const problems: string[] = []
  for (const file of manifest.files) {
    const size = sizes.get(file.path)
    if (size === undefined) problems.push(`${file.path} is listed in pack.json but missing`)
    else if (size !== file.size) problems.push(`${file.path} has ${size} bytes; pack.json says ${file.size}`)
  }
  if (problems.length === 0) {
    const hashed = await hashFiles(staged, manifest.files, context)
    manifest.files.forEach((file, index) => {
      if (hashed[index].sha256 !== file.sha256) problems.push(`${file.path} does not match its sha256 in pack.json`)
    })
  }
  if (problems.length > 0) throw new ContractError('pack-invalid', `The pack's files do not match its pack.json: ${problems[0]}.`, { problems })
  const models = manifest.files.map((file) => file.path).filter((path) => path.endsWith('.onnx'))
  await inspectAndCheck(staged.dir, models, manifest.files, manifest.architecture, context)
  return { manifest, notices: [] as string[] }
}

/**
 * A plain export: recognise it, inspect its models, hash its files, derive its manifest.
 * @param checkId refuse an id already installed (imports); folders opened for one run skip it.
 */
export async function derivePack(staged: StagedPack, found: FoundFile[], context: InstallContext, checkId = true) {
  const layout = await detectLayout(staged.dir, found)
  if (checkId) await refuseTakenId(slugId(staged.nameHint), context.registry)
  const inspections = await inspect(staged.dir, layout.models, found, context)
  const files = await hashFiles(staged, found, context)
  const { manifest, notices } = deriveManifest({
    layout,
    models: inspections,
    files,
    nameHint: staged.nameHint,
    source: staged.source,
    licence: staged.licence,
  })
  failOnProblems(packSignatureProblems(manifest.architecture, inspections))
  notices.unshift(`The folder had no pack.json; it was recognised as a ${manifest.architecture} ${manifest.kind} pack.`)
  return { manifest, notices }
}

/** Runs the safety and signature checks of a pack whose manifest is known. */
export async function inspectAndCheck(dir: string, models: string[], files: readonly { path: string }[], architecture: string, context: InstallContext) {
  failOnProblems(packSignatureProblems(architecture, await inspect(dir, models, files, context)))
}

function inspect(dir: string, models: string[], files: readonly { path: string }[], context: InstallContext) {
  context.progress?.({ stage: 'inspect', step: 0, total: models.length })
  return context.inspect({ dir, models, files: files.map((file) => file.path) }, context.signal)
}

function failOnProblems(problems: string[]): void {
  if (problems.length > 0) {
    throw new ContractError('pack-invalid', `The pack's models do not fit its architecture: ${problems[0]}.`, { problems })
  }
}

/** Hashes files (or takes hashes verified during download), reporting bytes done. */
async function hashFiles(staged: StagedPack, files: readonly FoundFile[], context: InstallContext): Promise<PackFile[]> {
  const total = files.reduce((sum, file) => sum + file.size, 0)
  let done = 0
  const result: PackFile[] = []
  for (const file of files) {
    const known = staged.knownHashes?.get(file.path)
    const sha256 =
      known ??
      (await sha256File(packFilePath(staged.dir, file.path), context.signal, (bytes) => {
        done += bytes
        context.progress?.({ stage: 'hash', step: done, total, detail: { file: file.path } })
      }))
    if (known) done += file.size
    result.push({ path: file.path, size: file.size, sha256 })
  }
  return result
}

/** Refuses an id that a bundled or installed pack already has. */
export async function refuseTakenId(id: string, registry: InstallTarget): Promise<void> {
  const taken = await registry.get(id).then(
    () => true,
    () => false,
  )
  if (taken) throw alreadyInstalled(id)
}

function alreadyInstalled(id: string): ContractError {
  return new ContractError('invalid-input', `A pack called ${id} is already installed; remove it first (taleweaver packs remove ${id}).`)
}

export type { PackManifest }
