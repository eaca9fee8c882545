import type { ProjectDocument } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import type { ProjectFolder } from './project-folder'

/** A change is on disk at most this long after it is made. */
export const AUTOSAVE_DELAY_MS = 1_000
/** Changes are gathered this long before a save, so a burst of edits is one save. */
const AUTOSAVE_SETTLE_MS = 250

export interface ProjectSessionOptions {
  /** Called after each change with the new revision (the studio announces `projects.changed`). */
  onChange?(revision: number): void
}

/**
 * An open project: the document in memory, and its folder on disk kept within a second of it.
 * Changes are functions of the current document that return the next one, applied one at a
 * time; saves are serialised, so the newest document is always the last one written.
 */
export class ProjectSession {
  revision = 0
  private timer: NodeJS.Timeout | null = null
  private firstUnsavedAt = 0
  private saving: Promise<void> = Promise.resolve()
  private saved = 0

  constructor(
    readonly folder: ProjectFolder,
    public document: ProjectDocument,
    public savedAt: string,
    readonly readOnly: boolean,
    private readonly options: ProjectSessionOptions = {},
  ) {}

  /** Opens the project in `folder` (cleaned and migrated; see {@link ProjectFolder.open}). */
  static async open(folder: ProjectFolder, options: ProjectSessionOptions = {}): Promise<ProjectSession> {
    const { document, savedAt, readOnly } = await folder.open()
    return new ProjectSession(folder, document, savedAt, readOnly, options)
  }

  /** Applies a change and schedules its save (within {@link AUTOSAVE_DELAY_MS}). */
  change(next: (document: ProjectDocument) => ProjectDocument): ProjectDocument {
    if (this.readOnly) throw new ContractError('unsupported', `${this.folder.documentPath} was saved by a newer Taleweaver; it is read-only here.`)
    this.document = next(this.document)
    this.revision += 1
    this.scheduleSave()
    this.options.onChange?.(this.revision)
    return this.document
  }

  /** Applies a change and waits until it is on disk (jobs call this after each finished step). */
  async commit(next: (document: ProjectDocument) => ProjectDocument): Promise<ProjectDocument> {
    const document = this.change(next)
    await this.flush()
    return document
  }

  /** Writes any pending change now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.saved === this.revision) return this.saving
    const revision = this.revision
    const document = this.document
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        const savedAt = new Date().toISOString()
        await this.folder.save(document, savedAt)
        this.savedAt = savedAt
        this.saved = Math.max(this.saved, revision)
      })
    return this.saving
  }

  private scheduleSave(): void {
    const now = Date.now()
    if (!this.timer) this.firstUnsavedAt = now
    else clearTimeout(this.timer)
    const delay = Math.max(0, Math.min(AUTOSAVE_SETTLE_MS, this.firstUnsavedAt + AUTOSAVE_DELAY_MS - AUTOSAVE_SETTLE_MS - now))
    this.timer = setTimeout(() => {
      void this.flush().catch((error) => console.error(`taleweaver: could not save ${this.folder.documentPath}:`, error))
    }, delay)
  }
}
