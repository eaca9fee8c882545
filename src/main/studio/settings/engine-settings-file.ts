import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { ENGINE_SETTINGS_DEFAULTS, EngineSettings } from '../../../shared/contract/settings'
import { writeFileAtomic } from '../storage/atomic-file'

const SETTINGS_FILE = 'engine-settings.json'

const StoredEngineSettings = z.object({ formatVersion: z.literal(1), engine: EngineSettings.partial() })

/**
 * Remembers where models run and with how many threads, in a small file in the data folder,
 * written atomically. Read once, synchronously, when a studio starts (before its inference
 * process may); anything unreadable or out of range falls back to the defaults, field by field.
 */
export class EngineSettingsFile {
  private readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, SETTINGS_FILE)
  }

  read(): EngineSettings {
    try {
      const parsed = StoredEngineSettings.safeParse(JSON.parse(readFileSync(this.path, 'utf8')))
      return { ...ENGINE_SETTINGS_DEFAULTS, ...(parsed.success ? parsed.data.engine : {}) }
    } catch {
      return { ...ENGINE_SETTINGS_DEFAULTS }
    }
  }

  async write(settings: EngineSettings): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true })
    await writeFileAtomic(this.path, `${JSON.stringify({ formatVersion: 1, engine: settings }, null, 2)}\n`)
  }
}
