import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type ProjectDocument, type ProjectSummary } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { newItemId } from './item-id'
import { DOCUMENT_FILE, parseDocumentFile, ProjectFolder } from './project-folder'
import { pictureUrl } from './picture-urls'

/** A new project's document: the story as the person wrote it, no scenes yet. */
export function newDocument(title: string, story = '', style: ProjectDocument['style'] = 'watercolor'): ProjectDocument {
  return {
    title,
    style,
    segments: story === '' ? [] : [{ id: newItemId('seg'), origin: 'person', text: story }],
    characters: [],
    scenes: [],
    book: { size: 'a5', layout: 'picture-above', font: 'serif' },
  }
}

/**
 * The projects of a data folder: one folder each in `<data>/projects/<id>/`. Files of the first
 * format (`<data>/projects/<id>.json`, one JSON file per project) become folders when listed or
 * opened; the old file is kept in the new folder as `project.v1.json`.
 */
export class ProjectStore {
  readonly root: string

  constructor(dataDir: string) {
    this.root = join(dataDir, 'projects')
  }

  /** The folder of project `id` (after moving a first-format file into one). */
  async folderOf(id: string): Promise<ProjectFolder> {
    await this.adoptFirstFormat(id)
    return new ProjectFolder(join(this.root, id))
  }

  async list(): Promise<ProjectSummary[]> {
    const names = await readdir(this.root).catch(() => [] as string[])
    for (const name of names.filter((entry) => /^[a-z0-9][a-z0-9-]*\.json$/.test(entry))) await this.adoptFirstFormat(name.slice(0, -5))
    const ids = (await readdir(this.root, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name)
    const summaries = await Promise.all(ids.map((id) => this.summaryOf(id)))
    return summaries.filter((summary) => summary !== null).sort((a, b) => b.savedAt.localeCompare(a.savedAt))
  }

  /** A new project with a fresh id made from its title. */
  async create(document: ProjectDocument): Promise<{ id: string; folder: ProjectFolder }> {
    await mkdir(this.root, { recursive: true })
    const id = await this.freeId(document.title)
    const folder = new ProjectFolder(join(this.root, id))
    await folder.save(document, new Date().toISOString())
    return { id, folder }
  }

  /** Copies a project, pictures and all, to a new id. */
  async duplicate(id: string, title: string | undefined): Promise<ProjectSummary> {
    const source = await this.folderOf(id)
    const { document } = await source.open()
    const copy = { ...document, title: title ?? `${document.title} (copy)` }
    const newId = await this.freeId(copy.title)
    const staging = join(this.root, `.${newId}.copying`)
    await cp(source.dir, staging, { recursive: true, filter: (path) => !path.endsWith('.tmp') })
    await new ProjectFolder(staging).save(copy, new Date().toISOString())
    await rename(staging, join(this.root, newId))
    return (await this.summaryOf(newId)) as ProjectSummary
  }

  /** Moves a project folder to `<data>/trash/`, from where a person can still take it back. */
  async trash(id: string): Promise<string> {
    const folder = await this.folderOf(id)
    const trash = join(this.root, '..', 'trash')
    await mkdir(trash, { recursive: true })
    const target = join(trash, `${id}-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    await rename(folder.dir, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new ContractError('not-found', `No project ${id}.`)
      throw new ContractError('io', `Could not move ${folder.dir} to the trash: ${error.message}`)
    })
    return target
  }

  private async summaryOf(id: string): Promise<ProjectSummary | null> {
    const folder = new ProjectFolder(join(this.root, id))
    const text = await readFile(folder.documentPath, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : ''))
    const opened = text === null ? null : parseDocumentFile(text)
    if (opened === 'newer') return null
    if (!opened) return text === null && !existsSync(folder.backupPath) ? null : damagedSummary(id, folder, text === null ? 'is missing' : 'is damaged')
    const { document, savedAt } = opened
    const chosen = document.scenes.find((scene) => scene.chosenVariant)?.chosenVariant
    const summary: ProjectSummary = { id, title: document.title, savedAt, sceneCount: document.scenes.length }
    return chosen ? { ...summary, thumbnail: pictureUrl(id, chosen) } : summary
  }

  private async freeId(title: string): Promise<string> {
    const base = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'project'
    const taken = new Set(await readdir(this.root).catch(() => [] as string[]))
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`
      if (!taken.has(id) && !taken.has(`${id}.json`)) return id
    }
  }

  private async adoptFirstFormat(id: string): Promise<void> {
    const file = join(this.root, `${id}.json`)
    const text = await readFile(file, 'utf8').catch(() => null)
    if (text === null) return
    const folder = join(this.root, id)
    await mkdir(folder, { recursive: true })
    // The document keeps its format version; opening migrates it like any older document.
    await rename(file, join(folder, 'project.json'))
    await cp(join(folder, 'project.json'), join(folder, 'project.v1.json'))
  }
}

/**
 * A project whose document does not open stays in the list, so a person can still reach it: named
 * and counted from its backup when one opens (else by its id), saying what to do.
 */
async function damagedSummary(id: string, folder: ProjectFolder, state: string): Promise<ProjectSummary> {
  const backup = await folder.readBackup()
  const what = `${DOCUMENT_FILE} ${state}`
  const message = backup
    ? `${what}: open its backup, saved ${backup.savedAt} (the damaged file is kept beside it).`
    : `${what} and there is no backup that opens; the file is left as it is in ${folder.dir}.`
  const changed = await stat(folder.dir).then((info) => info.mtime.toISOString(), () => '')
  return {
    id,
    title: backup?.document.title ?? id,
    savedAt: backup?.savedAt ?? changed,
    sceneCount: backup?.document.scenes.length ?? 0,
    damaged: { message, backupSavedAt: backup?.savedAt ?? null },
  }
}
