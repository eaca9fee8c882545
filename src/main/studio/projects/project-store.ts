import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { constants } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { ProjectDocument, type ProjectSummary } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { writeFileAtomic } from '../storage/atomic-file'

/** The version written today; files from a newer version open read-only. */
export const PROJECT_FORMAT_VERSION = 1

const ProjectFile = z.object({
  formatVersion: z.int().min(1),
  savedAt: z.string(),
  document: z.unknown(),
})

export interface LoadedProject {
  id: string
  document: ProjectDocument
  savedAt: string
  /** Set when the file comes from a newer Taleweaver: it must not be saved over. */
  readOnly: boolean
}

/**
 * Projects as one JSON file each in `<data>/projects`, replaced atomically on every save, so a
 * crash leaves the previous or the new version, never a torn file.
 */
export class ProjectStore {
  private readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'projects')
  }

  /** Removes temp files left by a save that was interrupted (crash, power loss). */
  async cleanStrayTempFiles(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    await Promise.all(names.filter((name) => name.endsWith('.tmp')).map((name) => rm(join(this.dir, name), { force: true })))
  }

  /** Every project, newest first; a damaged file is listed as damaged (named by its id, dated by the file). */
  async list(): Promise<ProjectSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const projects = await Promise.all(
      names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => this.summaryOf(name.slice(0, -5))),
    )
    return projects.filter((project): project is ProjectSummary => project !== null).sort((a, b) => b.savedAt.localeCompare(a.savedAt))
  }

  private async summaryOf(id: string): Promise<ProjectSummary | null> {
    try {
      const { document, savedAt } = await this.load(id)
      return { id, title: document.title, savedAt }
    } catch (error) {
      if (!isDamaged(error)) return null
      const modified = await stat(this.pathOf(id)).then((info) => info.mtime.toISOString(), () => new Date(0).toISOString())
      return { id, title: id, savedAt: modified, damaged: true }
    }
  }

  async load(id: string): Promise<LoadedProject> {
    const path = this.pathOf(id)
    const text = await readFile(path, 'utf8').catch(() => {
      throw new ContractError('not-found', `No project named ${id}.`)
    })
    let file: z.infer<typeof ProjectFile>
    try {
      file = ProjectFile.parse(JSON.parse(text))
    } catch {
      throw new ContractError('io', `The project file ${path} is damaged and cannot be opened.`, { path })
    }
    // A newer file opens read-only when it still reads as a document; one that does not needs an update, not a repair.
    const readOnly = file.formatVersion > PROJECT_FORMAT_VERSION
    const document = ProjectDocument.safeParse(file.document)
    if (!document.success) {
      if (readOnly) throw new ContractError('unsupported', `${path} was saved by a newer Taleweaver; update to open it.`)
      throw new ContractError('io', `The project file ${path} is damaged and cannot be opened.`, { path })
    }
    return { id, document: document.data, savedAt: file.savedAt, readOnly }
  }

  async save(id: string, document: ProjectDocument): Promise<ProjectSummary> {
    const existing = await this.load(id).catch((error: unknown) => {
      if (isDamaged(error)) return 'damaged' as const
      if (error instanceof ContractError && error.code === 'not-found') return null
      throw error // a newer file that does not read here: never saved over
    })
    if (existing !== null && existing !== 'damaged' && existing.readOnly) {
      throw new ContractError('unsupported', `Project ${id} was saved by a newer Taleweaver; it is read-only here.`)
    }
    await mkdir(this.dir, { recursive: true })
    // A damaged file may still hold text a person can rescue: keep it beside the new one.
    if (existing === 'damaged') await this.keepDamaged(id)
    const savedAt = new Date().toISOString()
    await writeFileAtomic(this.pathOf(id), JSON.stringify({ formatVersion: PROJECT_FORMAT_VERSION, savedAt, document }))
    return { id, title: document.title, savedAt }
  }

  private async keepDamaged(id: string): Promise<void> {
    const path = this.pathOf(id)
    const kept = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
    try {
      await copyFile(path, kept, constants.COPYFILE_EXCL)
    } catch (error) {
      throw new ContractError('io', `Could not keep a copy of the damaged project ${path} before saving over it: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
    }
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.json`)
  }
}

/** A file that exists but does not read as a project (as opposed to missing or newer). */
function isDamaged(error: unknown): boolean {
  return error instanceof ContractError && error.code === 'io'
}
