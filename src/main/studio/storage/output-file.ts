import { constants } from 'node:fs'
import { access, lstat, open, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { ContractError } from '../../../shared/errors'
import { fileTypeOf, SIGNATURE_BYTES, type FileType } from '../../formats/file-types'
import { isInside } from '../../formats/inside-folder'
import { requireAbsolutePath } from './absolute-path'

export interface OutputCheckOptions {
  /** Replace an existing file even when it holds another type of content. */
  force?: boolean
  /** When given, the file must lie inside one of these folders (the server's data and chosen folders). */
  writableFolders?: readonly string[]
  /** Files the person picked in a save dialog (the app): each may be written, wherever it is. */
  chosenFiles?: readonly string[]
}

const NAMES: Record<FileType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
}

/**
 * Checks where an output will go before any work starts, so a long render or a whole book is
 * never lost to a bad destination: the path is absolute by this platform's rules (`C:\x.pdf` is
 * not, on Linux), lies inside the writable folders when there are some, its folder exists and
 * takes writes, and an existing file there is a plain file of the same type (or empty) unless
 * `force` says to replace it anyway.
 */
export async function checkOutputFile(path: string, type: FileType, options: OutputCheckOptions = {}): Promise<void> {
  const target = requireAbsolutePath(path, `the ${NAMES[type]} to write`)
  const chosen = options.chosenFiles?.some((file) => resolve(file) === target) ?? false
  if (options.writableFolders && !chosen && !options.writableFolders.some((folder) => isInside(resolve(folder), target))) {
    throw new ContractError('invalid-input', `${target} is outside the folders the studio may write to (${options.writableFolders.join(', ')}): choose a place inside one of them.`)
  }
  const folder = dirname(target)
  const folderStat = await stat(folder).catch(() => null)
  if (!folderStat) throw new ContractError('not-found', `The folder ${folder} does not exist: create it or choose another place for the ${NAMES[type]}.`)
  if (!folderStat.isDirectory()) throw new ContractError('invalid-input', `${folder} is not a folder: choose another place for the ${NAMES[type]}.`)
  await access(folder, constants.W_OK).catch(() => {
    throw new ContractError('io', `The studio cannot write into ${folder}: choose another folder, or change its permissions.`)
  })
  const existing = await lstat(target).catch(() => null)
  if (!existing) return
  if (existing.isDirectory()) throw new ContractError('invalid-input', `${target} is a folder: give a file name for the ${NAMES[type]}.`)
  if (!existing.isFile()) throw new ContractError('invalid-input', `${target} is not a plain file (a link, device or pipe): choose another name.`)
  if (options.force || existing.size === 0) return
  const found = fileTypeOf(await readHead(target))
  if (found !== type) {
    const what = found ? `a ${NAMES[found]}` : 'another kind of file'
    throw new ContractError('invalid-input', `${target} is ${what}, not a ${NAMES[type]}: choose another name, or pass --force to replace it.`)
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r').catch(() => {
    throw new ContractError('io', `The studio cannot read ${path} to check what it holds: choose another name.`)
  })
  try {
    const head = new Uint8Array(SIGNATURE_BYTES)
    const { bytesRead } = await handle.read(head, 0, SIGNATURE_BYTES, 0)
    return head.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
