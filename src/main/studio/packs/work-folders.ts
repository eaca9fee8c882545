import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Removes the work folders under `root` (names starting with one of `prefixes`) untouched for
 * longer than `maxAgeMs`: what a crash or an abandoned download left behind. A root that does
 * not exist yet has nothing to remove.
 */
export async function removeOldWork(root: string, prefixes: readonly string[], maxAgeMs: number): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue
    const path = join(root, name)
    const info = await lstat(path).catch(() => null)
    if (info && Date.now() - info.mtimeMs > maxAgeMs) await rm(path, { recursive: true, force: true })
  }
}
