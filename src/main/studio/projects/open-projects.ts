import type { ProjectFolder, OpenedDocument } from './project-folder'
import { ProjectSession } from './project-session'
import type { ProjectStore } from './project-store'

/**
 * The projects open in this studio, by id: one session each, so every caller changes the same
 * document in memory and its autosave. Closing the studio writes what is pending.
 */
export class OpenProjects {
  private readonly sessions = new Map<string, ProjectSession>()

  constructor(
    readonly store: ProjectStore,
    private readonly onChange: (id: string, revision: number) => void,
  ) {}

  /** The open session of project `id`, opening it (cleaned, migrated) on first use. */
  async get(id: string): Promise<ProjectSession> {
    const open = this.sessions.get(id)
    if (open) return open
    const folder = await this.store.folderOf(id)
    return this.adopt(id, folder, await folder.open())
  }

  /** Makes `opened` (a new project, a restored backup) the open session of `id`. */
  adopt(id: string, folder: ProjectFolder, opened: Pick<OpenedDocument, 'document' | 'savedAt' | 'readOnly'>): ProjectSession {
    const session = new ProjectSession(folder, opened.document, opened.savedAt, opened.readOnly, { onChange: (revision) => this.onChange(id, revision) })
    this.sessions.set(id, session)
    return session
  }

  /** Writes pending changes of `id` and forgets its session (before the folder is copied or moved). */
  async release(id: string): Promise<void> {
    await this.sessions.get(id)?.flush()
    this.sessions.delete(id)
  }

  /** Writes every pending change now. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.flush()))
  }
}
