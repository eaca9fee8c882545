import { statfs } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ContractError } from '../../../shared/errors'

/** Free bytes available to this user on the disk holding `dir` (injected in tests). */
export type FreeSpaceProbe = (dir: string) => Promise<number>

/** Reads free space with statfs, from the nearest folder of `dir` that exists. */
export const statfsFreeSpace: FreeSpaceProbe = async (dir) => {
  let folder = dir
  for (;;) {
    try {
      const stats = await statfs(folder)
      return stats.bavail * stats.bsize
    } catch (error) {
      const parent = dirname(folder)
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === folder) throw error
      folder = parent
    }
  }
}

/** Room kept free beyond what a pack needs, so installing one never fills the disk to the brim. */
const SAFETY_MARGIN_BYTES = 64 * 1024 * 1024

/**
 * Refuses, before anything is written, work that would not fit on the disk.
 * @throws ContractError `io` saying how much is needed and how much is free.
 */
export async function ensureFreeSpace(dir: string, neededBytes: number, what: string, probe: FreeSpaceProbe = statfsFreeSpace): Promise<void> {
  const free = await probe(dir)
  if (free < neededBytes + SAFETY_MARGIN_BYTES) {
    throw new ContractError(
      'io',
      `Not enough disk space: ${what} needs ${formatBytes(neededBytes)} but only ${formatBytes(free)} is free in ${dir}.`,
      { neededBytes, freeBytes: free },
    )
  }
}

/** 1536 -> "1.5 KB"; for messages a person reads. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`
}
