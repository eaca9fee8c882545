import { lstat } from 'node:fs/promises'
import type { PackVerifyResult } from '../../../shared/contract'
import { sha256File } from './file-hash'
import { toErrorData } from '../../../shared/errors'
import { listPackFiles } from './pack-files'
import { MANIFEST_FILE, manifestBytes, packFilePath, unlistedFiles } from './pack-folder'
import type { PackEntry } from './pack-entry'

/**
 * Re-reads every file a pack's manifest lists and reports each one that is missing, is not a
 * plain file, or differs in size or sha256 from the manifest, then every file the pack folder
 * holds that the manifest does not list.
 */
export async function verifyPack(
  entry: PackEntry,
  signal?: AbortSignal,
  onProgress?: (done: number, total: number) => void,
): Promise<PackVerifyResult> {
  const problems: string[] = []
  const total = manifestBytes(entry.manifest)
  let done = 0
  for (const file of entry.manifest.files) {
    const path = packFilePath(entry.dir, file.path)
    const info = await lstat(path).catch(() => null)
    if (!info) problems.push(`${file.path}: missing`)
    else if (!info.isFile()) problems.push(`${file.path}: not a plain file`)
    else if (info.size !== file.size) problems.push(`${file.path}: ${info.size} bytes, expected ${file.size}`)
    else {
      const sha256 = await sha256File(path, signal, (bytes) => onProgress?.((done += bytes), total))
      if (sha256 !== file.sha256) problems.push(`${file.path}: sha256 differs (the file changed or is damaged)`)
      continue
    }
    done += file.size
    onProgress?.(done, total)
  }
  const found = await listPackFiles(entry.dir).catch((error: unknown) => {
    problems.push(toErrorData(error).message)
    return []
  })
  for (const path of unlistedFiles(entry.manifest, found)) problems.push(`${path}: not listed in ${MANIFEST_FILE}`)
  return { ok: problems.length === 0, problems }
}
