import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ContractError } from '../../../shared/errors'
import { MAX_PACK_FILES, unsafePathReason } from '../../../shared/pack-manifest'
import { MANIFEST_FILE } from './pack-folder'

export interface FoundFile {
  /** Relative POSIX path. */
  path: string
  size: number
}

/**
 * Names starting with a dot (.git, .cache, .DS_Store, .gitattributes) are tool litter, never
 * part of a model export; they are left out of packs.
 */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'))
}

/**
 * Every file of a pack folder except pack.json and hidden files, sorted by path. Symlinks and
 * special files are refused: a pack is plain files, so nothing in it can point elsewhere.
 */
export async function listPackFiles(dir: string): Promise<FoundFile[]> {
  const found: FoundFile[] = []
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = prefix + entry.name
      if (entry.name.startsWith('.')) continue
      const reason = unsafePathReason(path)
      if (reason) throw new ContractError('pack-invalid', `The file name ${JSON.stringify(path)} ${reason}.`)
      if (entry.isSymbolicLink()) throw new ContractError('pack-invalid', `${path} is a symbolic link; packs may only hold plain files.`)
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${path}/`)
      else if (entry.isFile()) {
        if (path === MANIFEST_FILE) continue
        found.push({ path, size: (await lstat(join(folder, entry.name))).size })
        if (found.length > MAX_PACK_FILES) throw new ContractError('pack-invalid', `The pack has more than ${MAX_PACK_FILES} files.`)
      } else throw new ContractError('pack-invalid', `${path} is not a regular file.`)
    }
  }
  await walk(dir, '')
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
