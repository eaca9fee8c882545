import { lstat, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { isInside } from '../../formats/inside-folder'
import { describeManifestIssues, PackManifest, unsafePathReason } from '../../../shared/pack-manifest'
import { ContractError } from '../../../shared/errors'

export const MANIFEST_FILE = 'pack.json'
/** A manifest bigger than this is not a manifest (4096 files with long paths fit well below). */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024

/**
 * The absolute path of a file of a pack. Refuses any path that is unsafe or would resolve
 * outside the pack folder, whatever the manifest says.
 */
export function packFilePath(packDir: string, path: string): string {
  const reason = unsafePathReason(path)
  const target = resolve(packDir, ...path.split('/'))
  if (reason || !isInside(packDir, target) || target === resolve(packDir)) {
    throw new ContractError('pack-invalid', `The pack file path ${JSON.stringify(path.slice(0, 80))} ${reason ?? 'leaves the pack folder'}.`)
  }
  return target
}

/** Parses manifest text; every problem becomes a `pack-invalid` error listing what to fix. */
export function parseManifest(text: string, where: string): PackManifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ContractError('pack-invalid', `${where} is not valid JSON (${(error as Error).message}).`)
  }
  const parsed = PackManifest.safeParse(json)
  if (!parsed.success) {
    const problems = describeManifestIssues(parsed.error)
    throw new ContractError('pack-invalid', `${where} is not a valid pack manifest: ${problems[0]}`, { problems })
  }
  return parsed.data
}

/** Reads and validates `pack.json` of a folder. */
export async function readManifest(packDir: string): Promise<PackManifest> {
  const path = join(packDir, MANIFEST_FILE)
  let info
  try {
    info = await lstat(path)
  } catch {
    throw new ContractError('not-found', `${packDir} has no ${MANIFEST_FILE}.`)
  }
  if (!info.isFile()) throw new ContractError('pack-invalid', `${path} is not a regular file.`)
  if (info.size > MAX_MANIFEST_BYTES) throw new ContractError('pack-invalid', `${path} is too large to be a manifest.`)
  const manifest = parseManifest(await readFile(path, 'utf8'), path)
  // Catch a manifest whose paths would pass the schema but still escape (belt and braces).
  for (const file of manifest.files) packFilePath(packDir, file.path)
  return manifest
}

/** Total bytes a manifest lists. */
export function manifestBytes(manifest: PackManifest): number {
  return manifest.files.reduce((sum, file) => sum + file.size, 0)
}

/** Files of a pack folder (relative POSIX paths, pack.json left out) that its manifest does not list. */
export function unlistedFiles(manifest: PackManifest, found: readonly { path: string }[]): string[] {
  const listed = new Set(manifest.files.map((file) => file.path))
  return found.map((file) => file.path).filter((path) => path !== MANIFEST_FILE && !listed.has(path))
}

/** The refusal of a pack that carries files its manifest does not list, naming them. */
export function unlistedFilesError(paths: readonly string[]): ContractError {
  const named = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '')
  return new ContractError('pack-invalid', `The pack holds files its ${MANIFEST_FILE} does not list: ${named}. Remove them, or list them in ${MANIFEST_FILE}.`, { unlisted: paths })
}
