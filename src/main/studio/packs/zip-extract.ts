import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ContractError } from '../../../shared/errors'
import { unsafePathReason } from '../../../shared/pack-manifest'
import { isHiddenPath } from './pack-files'
import { isInside } from '../../formats/inside-folder'

export interface ZipLimits {
  /** Most entries (files and folders) an archive may hold. */
  maxEntries: number
  /** Most bytes all entries may expand to, as declared and as actually inflated. */
  maxTotalBytes: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 64 * 2 ** 30 }

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000

/** What an archive will expand to, read from its central directory before anything is written. */
export interface ZipPlan {
  entries: number
  totalBytes: number
  /** The files extraction would write (hidden and __MACOSX entries left out), with declared sizes. */
  files: { path: string; size: number }[]
}

/**
 * Reads an archive's directory and refuses it if any entry could not be extracted safely:
 * an unsafe name (absolute, `..`, backslash, drive letter), a symlink or other special file, an
 * encrypted entry, too many entries, or more declared bytes than the cap. Writes nothing.
 */
export async function planZip(zipPath: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipPlan> {
  const zip = await openZip(zipPath)
  try {
    if (zip.entryCount > limits.maxEntries) refuse(`it holds ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`)
    let totalBytes = 0
    const files: ZipPlan['files'] = []
    await forEachEntry(zip, async (entry) => {
      const isFolder = checkEntry(entry)
      totalBytes += entry.uncompressedSize
      if (totalBytes > limits.maxTotalBytes) refuse(`it expands to more than ${limits.maxTotalBytes} bytes`)
      if (!isFolder && !isSkipped(entry.fileName)) files.push({ path: entry.fileName, size: entry.uncompressedSize })
    })
    return { entries: zip.entryCount, totalBytes, files }
  } finally {
    zip.close()
  }
}

/**
 * Extracts an archive into `targetDir` (which must be empty and new). Every entry is checked
 * again as it is written: its resolved path must lie inside the target (by path, not by string
 * prefix), files are created exclusively (a repeated name fails), and the bytes actually inflated
 * are counted against the declared size and the cap, so a lying header cannot bomb the disk.
 * Hidden entries (.git, __MACOSX's dot files) are skipped.
 */
export async function extractZip(
  zipPath: string,
  targetDir: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  options: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
): Promise<void> {
  await planZip(zipPath, limits)
  const zip = await openZip(zipPath)
  const root = resolve(targetDir)
  let written = 0
  try {
    await forEachEntry(zip, async (entry) => {
      options.signal?.throwIfAborted()
      const isFolder = checkEntry(entry)
      const name = entry.fileName.replace(/\/$/, '')
      if (isSkipped(name)) return
      const target = resolve(root, ...name.split('/'))
      if (!isInside(root, target) || target === root) refuse(`the entry ${JSON.stringify(name)} would land outside the pack folder`)
      if (isFolder) {
        await mkdir(target, { recursive: true })
        return
      }
      await mkdir(dirname(target), { recursive: true })
      let entryBytes = 0
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          entryBytes += chunk.length
          written += chunk.length
          if (entryBytes > entry.uncompressedSize || written > limits.maxTotalBytes) {
            callback(refusal(`${name} expands to more bytes than it declares`))
            return
          }
          options.onBytes?.(chunk.length)
          callback(null, chunk)
        },
      })
      const source = await openEntry(zip, entry)
      await pipeline(source, counter, createWriteStream(target, { flags: 'wx' }), { signal: options.signal })
    })
  } catch (error) {
    throw asPackError(error)
  } finally {
    zip.close()
  }
}

/**
 * Reads one small file of an archive into memory (a pack.json to check the rest against),
 * refusing it when it inflates past `maxBytes`.
 */
export async function readZipFile(zipPath: string, path: string, maxBytes: number): Promise<Buffer> {
  const zip = await openZip(zipPath)
  try {
    let content: Buffer | null = null
    await forEachEntry(zip, async (entry) => {
      if (entry.fileName !== path || content) return
      if (entry.uncompressedSize > maxBytes) refuse(`${path} is larger than ${maxBytes} bytes`)
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of await openEntry(zip, entry)) {
        size += (chunk as Buffer).length
        if (size > maxBytes) refuse(`${path} is larger than ${maxBytes} bytes`)
        chunks.push(chunk as Buffer)
      }
      content = Buffer.concat(chunks)
    })
    if (!content) throw new ContractError('not-found', `The archive has no ${path}.`)
    return content
  } finally {
    zip.close()
  }
}

/** Entries left out of extraction: hidden tool litter and macOS resource forks. */
function isSkipped(name: string): boolean {
  return isHiddenPath(name) || name.startsWith('__MACOSX')
}

/** Validates one entry's metadata; returns whether it is a folder. */
function checkEntry(entry: Entry): boolean {
  const isFolder = entry.fileName.endsWith('/')
  const name = isFolder ? entry.fileName.slice(0, -1) : entry.fileName
  const reason = unsafePathReason(name)
  if (reason) refuse(`the entry ${JSON.stringify(name.slice(0, 80))} ${reason}`)
  if ((entry.generalPurposeBitFlag & 1) !== 0) refuse(`${name} is encrypted`)
  // Only entries made on Unix carry a file type in the high bits of the external attributes.
  const madeBy = entry.versionMadeBy >> 8
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT
  if (madeBy === 3 && type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    refuse(`${name} is a ${type === 0o120000 ? 'symbolic link' : 'special file'}; packs may only hold plain files`)
  }
  if (madeBy === 3 && type === S_IFDIR && !isFolder) refuse(`${name} is marked as a folder but named as a file`)
  return isFolder
}

function refusal(reason: string): ContractError {
  return new ContractError('pack-invalid', `The archive cannot be imported: ${reason}.`)
}

function refuse(reason: string): never {
  throw refusal(reason)
}

/** yauzl's own refusals (bad names, sizes that do not match) become pack errors too. */
function asPackError(error: unknown): unknown {
  if (error instanceof ContractError || (error instanceof Error && error.name === 'AbortError')) return error
  return refusal((error as Error).message ?? String(error))
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(refusal(`it is not a readable zip file (${error?.message ?? 'unknown error'})`))
      else resolvePromise(zip)
    })
  })
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolvePromise, reject) => {
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(asPackError(error)) : resolvePromise(stream)))
  })
}

/** Visits entries one at a time (lazyEntries), waiting for each visit before reading the next. */
function forEachEntry(zip: ZipFile, visit: (entry: Entry) => Promise<void>): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let failed = false
    const fail = (error: unknown) => {
      if (failed) return
      failed = true
      reject(asPackError(error))
    }
    zip.on('entry', (entry: Entry) => {
      visit(entry).then(() => zip.readEntry(), fail)
    })
    zip.on('end', () => {
      if (!failed) resolvePromise()
    })
    zip.on('error', fail)
    zip.readEntry()
  })
}
