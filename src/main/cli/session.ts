import { sourceResourcesDir, resolveDataDir } from '../studio/core/paths'
import { createStudio, type Studio } from '../studio/core/studio'
import type { CommonOptions } from './output'

/**
 * One studio per command-line invocation, opened only by commands that need it and closed
 * before the process exits (so the inference process never keeps it alive).
 */
export class CliSession {
  private studio: Studio | null = null

  /** `writableFolders` limits where outputs go (the server); a command's own --out is not limited. */
  async open(options: CommonOptions & { writableFolders?: readonly string[] }): Promise<Studio> {
    if (this.studio) return this.studio
    const dataDir = resolveDataDir(options.dataDir)
    const resourcesDir = sourceResourcesDir()
    this.studio = createStudio({ dataDir, packs: { resourcesDir }, writableFolders: options.writableFolders })
    return this.studio
  }

  async close(): Promise<void> {
    const studio = this.studio
    this.studio = null
    await studio?.close()
  }
}
