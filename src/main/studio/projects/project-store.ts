import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
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

  async list(): Promise<ProjectSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const projects = await Promise.all(
      names
        .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
        .map((name) => this.load(name.slice(0, -5)).catch(() => null)),
    )
    return projects
      .filter((project): project is LoadedProject => project !== null)
      .map(({ id, document, savedAt }) => ({ id, title: document.title, savedAt }))
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
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
    const existing = await this.load(id).catch(() => null)
    if (existing?.readOnly) {
      throw new ContractError('unsupported', `Project ${id} was saved by a newer Taleweaver; it is read-only here.`)
    }
    await mkdir(this.dir, { recursive: true })
    const savedAt = new Date().toISOString()
    await writeFileAtomic(this.pathOf(id), JSON.stringify({ formatVersion: PROJECT_FORMAT_VERSION, savedAt, document }))
    return { id, title: document.title, savedAt }
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.json`)
  }
}
