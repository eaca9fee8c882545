/**
 * Records a variant that the inference process wrote into a pack folder: hashes its files, lists
 * them in pack.json beside the original's, and keeps one variant entry per weight format (a new
 * optimize of the same format replaces the old entry and its files' hashes).
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PackManifest, PackModelVariant } from '../../../shared/pack-manifest'
import { ContractError } from '../../../shared/errors'
import { writeFileAtomic } from '../storage/atomic-file'
import { sha256File } from './file-hash'
import { MANIFEST_FILE, packFilePath, readManifest } from './pack-folder'

/** Adds `variant` to the manifest of the pack in `dir` and returns the manifest as written. */
export async function recordVariant(dir: string, variant: PackModelVariant, signal: AbortSignal, onBytes: (done: number, total: number) => void): Promise<PackManifest> {
  const manifest = await readManifest(dir)
  if (manifest.kind !== 'text') throw new ContractError('unsupported', `${manifest.id} is an ${manifest.kind} pack; only text packs have optimized variants.`)
  const sizes = await Promise.all(variant.files.map(async (path) => (await stat(packFilePath(dir, path))).size))
  const total = sizes.reduce((a, b) => a + b, 0)
  let done = 0
  const entries = []
  for (const [i, path] of variant.files.entries()) {
    const sha256 = await sha256File(packFilePath(dir, path), signal, (bytes) => onBytes((done += bytes), total))
    entries.push({ path, size: sizes[i], sha256 })
  }
  const written = new Set(variant.files)
  const updated: PackManifest = {
    ...manifest,
    files: [...manifest.files.filter((file) => !written.has(file.path)), ...entries],
    variants: [...(manifest.variants ?? []).filter((v) => v.weights !== variant.weights), variant],
  }
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(updated, null, 2)}\n`)
  return updated
}
