import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { PackManifestId, packKindNames, WeightsChoice, type PackKind, type TextWeights } from '../../../shared/pack-manifest'
import { writeFileAtomic } from '../storage/atomic-file'

/** The active pack a person chose for each kind; a kind left out falls back to the default. */
export type ChosenPacks = Partial<Record<PackKind, string>>

/** Everything the file remembers: the active packs, and the weights picked per text pack (absent: auto). */
export interface PackChoices {
  active: ChosenPacks
  weights: Record<string, TextWeights>
}

const SETTINGS_FILE = 'active-packs.json'

const ChosenPacksFile = z.object({
  formatVersion: z.literal(1),
  // Kinds this build does not know (from a newer version) are dropped, not fatal.
  active: z.record(z.string(), PackManifestId),
  weights: z.record(PackManifestId, WeightsChoice).optional(),
})

/**
 * Remembers the chosen active packs in a small settings file in the data folder, written
 * atomically so a crash never leaves it half-written.
 */
export class ActivePacksFile {
  private readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, SETTINGS_FILE)
  }

  /** The remembered choices; a missing or unreadable file means nothing was chosen. */
  async read(): Promise<PackChoices> {
    const nothing: PackChoices = { active: {}, weights: {} }
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch {
      return nothing
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return nothing
    }
    const parsed = ChosenPacksFile.safeParse(json)
    if (!parsed.success) return nothing
    const active: ChosenPacks = {}
    for (const kind of packKindNames) {
      const id = parsed.data.active[kind]
      if (id) active[kind] = id
    }
    const weights: Record<string, TextWeights> = {}
    for (const [id, choice] of Object.entries(parsed.data.weights ?? {})) if (choice !== 'auto') weights[id] = choice
    return { active, weights }
  }

  async write(choices: PackChoices): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true })
    await writeFileAtomic(this.path, `${JSON.stringify({ formatVersion: 1, ...choices }, null, 2)}\n`)
  }
}
