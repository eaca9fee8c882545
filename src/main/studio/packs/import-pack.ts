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
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, manifestBytes, parseManifest, unlistedFiles, unlistedFilesError } from './pack-folder'
import { removeOldWork } from './work-folders'
import { DEFAULT_ZIP_LIMITS, extractZip, planZip, readZipFile, type ZipLimits, type ZipPlan } from './zip-extract'

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
      const limits = await limitsFromManifest(source, plan, options.zipLimits ?? DEFAULT_ZIP_LIMITS)
      await ensureFreeSpace(root, plan.totalBytes, 'this archive', probe)
      let done = 0
      await extractZip(source, content, limits, {
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

/**
 * An archive that carries a pack.json (at its root or in the one folder that wraps it) may hold
 * only the files it lists, each with the size it declares: anything else is refused by name
 * before a byte is written, and extraction is capped at what the manifest declares, so a small
 * archive cannot smuggle gigabytes in beside a valid pack. Archives without one keep the caps.
 */
async function limitsFromManifest(zipPath: string, plan: ZipPlan, limits: ZipLimits): Promise<ZipLimits> {
  const top = new Set(plan.files.map((file) => file.path.split('/')[0]))
  const prefix = top.size === 1 && plan.files.some((file) => file.path.includes('/')) ? `${[...top][0]}/` : ''
  const manifestPath = plan.files.some((file) => file.path === MANIFEST_FILE) ? MANIFEST_FILE : `${prefix}${MANIFEST_FILE}`
  const manifestEntry = plan.files.find((file) => file.path === manifestPath)
  if (!manifestEntry) return limits
  const manifest = parseManifest((await readZipFile(zipPath, manifestPath, MAX_MANIFEST_BYTES)).toString('utf8'), `The archive's ${MANIFEST_FILE}`)
  const base = manifestPath.slice(0, -MANIFEST_FILE.length)
  const inPack = plan.files.map((file) => ({ path: file.path.startsWith(base) ? file.path.slice(base.length) : file.path, size: file.size }))
  const unlisted = unlistedFiles(manifest, inPack)
  if (unlisted.length > 0) throw unlistedFilesError(unlisted)
  const declared = new Map(manifest.files.map((file) => [file.path, file.size]))
  const wrongSize = inPack.find((file) => file.path !== MANIFEST_FILE && declared.get(file.path) !== file.size)
  if (wrongSize) throw new ContractError('pack-invalid', `${wrongSize.path} expands to ${wrongSize.size} bytes in the archive; ${MANIFEST_FILE} says ${declared.get(wrongSize.path)}.`)
  return { ...limits, maxTotalBytes: Math.min(limits.maxTotalBytes, manifestBytes(manifest) + manifestEntry.size) }
}

/** Archives often wrap the pack in one folder: use that folder when it is the only entry. */
async function unwrapSingleFolder(dir: string): Promise<string> {
  const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((entry) => !entry.name.startsWith('.'))
  if (entries.length === 1 && entries[0].isDirectory()) return join(dir, entries[0].name)
  if (entries.length === 0) throw new ContractError('pack-invalid', 'The archive or folder is empty.')
  return dir
}
