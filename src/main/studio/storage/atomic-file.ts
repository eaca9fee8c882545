import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ContractError } from '../../../shared/errors'

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content, never
 * a mix: write a temp file beside it, fsync it, rename it over the target, then fsync the folder
 * so the rename itself is durable. A file it replaces keeps its permissions (a private 600 file
 * stays private). Any failure is an `io` error naming the file, never the temp file.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const folder = dirname(path)
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const previous = await stat(path).catch(() => null)
  try {
    const handle = await open(temp, 'wx')
    try {
      if (previous?.isFile()) await handle.chmod(previous.mode & 0o7777)
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
    await syncFolder(folder)
  } catch (error) {
    await rm(temp, { force: true })
    throw new ContractError('io', `Could not write ${path}: ${describeIoError(error)}.`)
  }
}

/** The errno code and its plain meaning ("ENOSPC, no space left on the disk"), without temp paths. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const meaning = code ? IO_MEANINGS[code] : undefined
  if (code) return meaning ? `${code}, ${meaning}` : code
  return error instanceof Error ? error.message : String(error)
}

const IO_MEANINGS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the disk is read-only',
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder',
  EDQUOT: 'disk quota exceeded',
}

/** Makes renames and creations inside a folder durable; a no-op where folders cannot be opened (Windows). */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
