/**
 * Import of a pack from a folder or a zip archive. Everything is written into a fresh work
 * folder inside the installed-packs root and renamed into place only once the pack is valid,
 * so a failed or cancelled import leaves nothing behind and a pack is never half-there.
 */
import { copyFile, lstat, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { ContractError } from '../../../shared/errors'
import { ensureFreeSpace, statfsFreeSpace, type FreeSpaceProbe } from './disk-space'
import { installStagedPack, type InstallContext, type InstalledPack } from './install-pack'
import { listPackFiles } from './pack-files'
import { isInside } from '../../formats/inside-folder'
import { MANIFEST_FILE } from './pack-folder'
import { removeOldWork } from './work-folders'
import { DEFAULT_ZIP_LIMITS, extractZip, planZip, type ZipLimits } from './zip-extract'

export interface ImportOptions {
  zipLimits?: ZipLimits
  freeSpace?: FreeSpaceProbe
}

/** Work folders older than this are leftovers of a crash and are removed. */
const STALE_WORK_MS = 60 * 60 * 1000

/** Imports a folder or a .zip as an installed pack. */
export async function importPack(sourcePath: string, context: InstallContext, options: ImportOptions = {}): Promise<InstalledPack> {
  const source = resolve(sourcePath)
  const info = await stat(source).catch(() => {
    throw new ContractError('not-found', `${sourcePath} does not exist.`)
  })
  const root = context.registry.installedRoot
  if (info.isDirectory() && (isInside(source, root) || isInside(root, source))) {
    throw new ContractError('invalid-input', 'Import a folder from outside the installed packs folder.')
  }
  if (!info.isDirectory() && !(info.isFile() && extname(source).toLowerCase() === '.zip')) {
    throw new ContractError('invalid-input', `${sourcePath} is neither a folder nor a .zip archive.`)
  }
  await mkdir(root, { recursive: true })
  await removeOldWork(root, ['.import-', '.removing-'], STALE_WORK_MS)
  const probe = options.freeSpace ?? statfsFreeSpace
  const work = await mkdtemp(join(root, '.import-'))
  try {
    const content = join(work, 'content')
    if (info.isDirectory()) {
      await copyFolder(source, content, context, probe)
    } else {
      const plan = await planZip(source, options.zipLimits ?? DEFAULT_ZIP_LIMITS)
      await ensureFreeSpace(root, plan.totalBytes, 'this archive', probe)
      let done = 0
      await extractZip(source, content, options.zipLimits ?? DEFAULT_ZIP_LIMITS, {
        signal: context.signal,
        onBytes: (bytes) => {
          done += bytes
          context.progress?.({ stage: 'extract', step: done, total: plan.totalBytes })
        },
      })
    }
    const packDir = await unwrapSingleFolder(content)
    const nameHint = packDir === content ? basename(source).replace(/\.zip$/i, '') : basename(packDir)
    return await installStagedPack({ dir: packDir, nameHint }, context)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Copies a folder's pack files (no symlinks, no hidden files) after checking they fit on disk. */
async function copyFolder(source: string, target: string, context: InstallContext, probe: FreeSpaceProbe): Promise<void> {
  const files = await listPackFiles(source)
  const hasManifest = await lstat(join(source, MANIFEST_FILE)).then((entry) => entry.isFile(), () => false)
  const total = files.reduce((sum, file) => sum + file.size, 0)
  await ensureFreeSpace(context.registry.installedRoot, total, 'this pack', probe)
  let done = 0
  for (const path of [...files.map((file) => file.path), ...(hasManifest ? [MANIFEST_FILE] : [])]) {
    context.signal.throwIfAborted()
    const to = join(target, ...path.split('/'))
    await mkdir(dirname(to), { recursive: true })
    await copyFile(join(source, ...path.split('/')), to)
    done += files.find((file) => file.path === path)?.size ?? 0
    context.progress?.({ stage: 'copy', step: done, total, detail: { file: path } })
  }
}

/** Archives often wrap the pack in one folder: use that folder when it is the only entry. */
async function unwrapSingleFolder(dir: string): Promise<string> {
  const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((entry) => !entry.name.startsWith('.'))
  if (entries.length === 1 && entries[0].isDirectory()) return join(dir, entries[0].name)
  if (entries.length === 0) throw new ContractError('pack-invalid', 'The archive or folder is empty.')
  return dir
}
