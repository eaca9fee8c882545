import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { PROJECT_FORMAT_VERSION, ProjectDocument } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { syncFolder, writeFileAtomic } from '../storage/atomic-file'
import { migrateDocument } from './migrations'

export const DOCUMENT_FILE = 'project.json'
export const BACKUP_FILE = 'project.backup.json'
export const PICTURES_FOLDER = 'pictures'

const DocumentFile = z.object({ formatVersion: z.int().min(1), savedAt: z.string().max(40), document: z.unknown() })

export interface OpenedDocument {
  document: ProjectDocument
  savedAt: string
  /** The file was written by a newer Taleweaver: it must not be saved over. */
  readOnly: boolean
  /** The format version the file had before migration. */
  formatVersion: number
}

/**
 * One project on disk: `project.json`, its rolling backup `project.backup.json` (the version
 * before the last save) and `pictures/<variant id>.png`. Every file is replaced atomically, and
 * a picture is always on disk before the document that names it, so a crash at any moment
 * leaves a document that opens with all its pictures.
 */
export class ProjectFolder {
  constructor(readonly dir: string) {}

  get documentPath(): string {
    return join(this.dir, DOCUMENT_FILE)
  }

  get backupPath(): string {
    return join(this.dir, BACKUP_FILE)
  }

  picturePath(variantId: string): string {
    return join(this.dir, PICTURES_FOLDER, `${variantId}.png`)
  }

  /**
   * Reads the document (migrated to today's format) after removing what an interrupted save left
   * behind. A document that does not read fails with `io`, naming the file and, in `details`, a
   * backup that does; the damaged file is left exactly as it was.
   */
  async open(): Promise<OpenedDocument> {
    await this.cleanStrayTempFiles()
    const text = await readFile(this.documentPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw new ContractError('io', `Could not read ${this.documentPath}: ${error.message}`, { path: this.documentPath })
    })
    if (text === null) {
      if (await exists(this.backupPath)) throw await this.damaged('is missing')
      throw new ContractError('not-found', `No project in ${this.dir} (no ${DOCUMENT_FILE}).`, { path: this.documentPath })
    }
    const opened = parseDocumentFile(text)
    if (opened === 'newer') throw new ContractError('unsupported', `${this.documentPath} was saved by a newer Taleweaver; update to open it.`, { path: this.documentPath })
    if (!opened) throw await this.damaged('is damaged')
    await this.removeOrphanPictures(opened.document)
    return opened
  }

  /**
   * The backup made the document: the damaged document is kept beside it, renamed
   * `project.damaged-<time>.json`, never overwritten.
   */
  async restoreBackup(): Promise<OpenedDocument> {
    const text = await readFile(this.backupPath, 'utf8').catch(() => null)
    const backup = text === null ? null : parseDocumentFile(text)
    if (!backup || backup === 'newer') throw new ContractError('io', `The backup ${this.backupPath} does not open either.`, { path: this.backupPath })
    if (await exists(this.documentPath)) {
      await rename(this.documentPath, join(this.dir, `project.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.json`))
    }
    await writeFileAtomic(this.documentPath, text as string)
    return backup
  }

  /** Writes a picture (atomically); call before saving the document that names it. */
  async writePicture(variantId: string, png: Uint8Array): Promise<void> {
    await mkdir(join(this.dir, PICTURES_FOLDER), { recursive: true })
    await writeFileAtomic(this.picturePath(variantId), png)
  }

  /** Deletes a picture; call after saving a document that no longer names it. */
  async deletePicture(variantId: string): Promise<void> {
    await rm(this.picturePath(variantId), { force: true })
  }

  /**
   * Saves the document atomically; the version it replaces becomes the backup (a hard link, so
   * the backup costs no copy and is whole whenever it exists).
   */
  async save(document: ProjectDocument, savedAt: string): Promise<void> {
    // Written as the schema reads it back (its key order), so what a change does not touch keeps
    // its bytes across any number of opens and saves; a document that would not open is never written.
    const canonical = ProjectDocument.safeParse(document)
    if (!canonical.success) throw new ContractError('internal', `Refused to save an invalid project document: ${canonical.error.issues[0]?.message}`)
    await mkdir(this.dir, { recursive: true })
    if (await exists(this.documentPath)) await this.rollBackup()
    await writeFileAtomic(this.documentPath, `${JSON.stringify({ formatVersion: PROJECT_FORMAT_VERSION, savedAt, document: canonical.data })}\n`)
  }

  /** Removes temp files of interrupted writes, in the folder and among the pictures. */
  async cleanStrayTempFiles(): Promise<void> {
    for (const folder of [this.dir, join(this.dir, PICTURES_FOLDER)]) {
      const names = await readdir(folder).catch(() => [] as string[])
      await Promise.all(names.filter(isTempFile).map((name) => rm(join(folder, name), { force: true })))
    }
  }

  private async rollBackup(): Promise<void> {
    const temp = join(this.dir, `.${BACKUP_FILE}.${process.pid}.tmp`)
    await rm(temp, { force: true })
    // Where hard links are not available (some network or FAT drives), a copy does the same.
    await link(this.documentPath, temp).catch(() => copyFile(this.documentPath, temp))
    await rename(temp, this.backupPath)
    await syncFolder(this.dir)
  }

  /** Pictures no document names: drawn by a save that was cut short before its document landed. */
  private async removeOrphanPictures(document: ProjectDocument): Promise<void> {
    const names = await readdir(join(this.dir, PICTURES_FOLDER)).catch(() => [] as string[])
    if (names.length === 0) return
    const named = new Set(variantIdsOf(document))
    const backupText = await readFile(this.backupPath, 'utf8').catch(() => null)
    const backup = backupText === null ? null : parseDocumentFile(backupText)
    // A backup that does not read pins every picture: better a stray file than a lost picture.
    if (backupText !== null && (!backup || backup === 'newer')) return
    for (const id of backup && backup !== 'newer' ? variantIdsOf(backup.document) : []) named.add(id)
    const orphans = names.filter((name) => name.endsWith('.png') && !named.has(name.slice(0, -4)))
    await Promise.all(orphans.map((name) => rm(join(this.dir, PICTURES_FOLDER, name), { force: true })))
  }

  /** The rolling backup, migrated, when there is one that opens here. */
  async readBackup(): Promise<OpenedDocument | null> {
    const backupText = await readFile(this.backupPath, 'utf8').catch(() => null)
    const backup = backupText === null ? null : parseDocumentFile(backupText)
    return backup === 'newer' ? null : backup
  }

  private async damaged(state: string): Promise<ContractError> {
    const backup = await this.readBackup()
    const offer = backup ? { path: this.backupPath, savedAt: backup.savedAt } : null
    const sentence = offer ? ` A backup saved ${offer.savedAt} can be opened instead.` : ''
    return new ContractError('io', `The project document ${this.documentPath} ${state} and cannot be opened.${sentence}`, { path: this.documentPath, backup: offer })
  }
}

/** A document file's content, migrated; `newer` when a later Taleweaver wrote it in a shape unknown here; null when damaged. */
export function parseDocumentFile(text: string): OpenedDocument | 'newer' | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  const file = DocumentFile.safeParse(raw)
  if (!file.success) return null
  const readOnly = file.data.formatVersion > PROJECT_FORMAT_VERSION
  let migrated: unknown
  try {
    migrated = migrateDocument(file.data.formatVersion, file.data.document)
  } catch {
    return null
  }
  const document = ProjectDocument.safeParse(migrated)
  if (!document.success) return readOnly ? 'newer' : null
  return { document: document.data, savedAt: file.data.savedAt, readOnly, formatVersion: file.data.formatVersion }
}

export function variantIdsOf(document: ProjectDocument): string[] {
  return document.scenes.flatMap((scene) => scene.variants.map((variant) => variant.id))
}

function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp')
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
