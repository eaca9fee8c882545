import type { ProviderPreference } from './execution-providers'
import { settingsKey } from './runtime-settings'

/** How an engine opens and closes one pack's sessions, and reads its tokenizer alone. */
export interface PackLoader<Loaded, Tokenizer> {
  /** Opens the pack folder's sessions on the given provider preference (and variant, where an engine has several). */
  open(dir: string, provider: ProviderPreference, variant: string): Promise<Loaded>
  /** Releases every session `open` made. */
  release(loaded: Loaded): Promise<void>
  /** The tokenizer of an opened pack. */
  tokenizerOf(loaded: Loaded): Tokenizer
  /** Reads only the pack's tokenizer files (no model is loaded). */
  readTokenizer(dir: string): Promise<Tokenizer>
}

interface Entry<Loaded> {
  dir: string
  provider: ProviderPreference
  /** Which of the pack's weight variants runs ('' where an engine has one). */
  variant: string
  /** The engine settings (threads, GPU) the sessions were opened under. */
  settings: string
  loaded: Promise<Loaded>
  /** Runs using the sessions right now; they are released only once these are done. */
  users: number
  retired: boolean
}

/** Every slot of this process, so that new engine settings can release what they all keep. */
const liveSlots = new Set<PackSlot<unknown, unknown>>()

/** Releases the sessions of every slot (each once no run uses it): the engine settings changed. */
export async function releaseEverySlot(): Promise<void> {
  await Promise.all([...liveSlots].map((slot) => slot.releaseCurrent()))
}

/**
 * The inference process keeps the sessions of one pack per engine: the one last used. Using
 * another pack (or provider, or engine settings) retires the current sessions, released as soon as no run uses
 * them, so two models of an engine are not kept around and a run in flight never loses its
 * sessions. A failed load is not kept: the next run tries again.
 */
export class PackSlot<Loaded, Tokenizer> {
  private current: Entry<Loaded> | null = null
  /** The last tokenizer read without its pack's models (tokenize calls on another pack). */
  private lastTokenizer: { dir: string; tokenizer: Promise<Tokenizer> } | null = null

  constructor(private readonly loader: PackLoader<Loaded, Tokenizer>) {
    liveSlots.add(this as PackSlot<unknown, unknown>)
  }

  /** Runs `work` with the sessions of `dir` (and `variant`), opening them first when needed. */
  async use<T>(dir: string, provider: ProviderPreference, work: (loaded: Loaded, loadedNow: boolean) => Promise<T>, variant = ''): Promise<T> {
    let entry = this.current
    let loadedNow = false
    const settings = settingsKey()
    if (!entry || entry.dir !== dir || entry.provider !== provider || entry.variant !== variant || entry.settings !== settings) {
      // The previous sessions go first (when idle), so two models are not in memory at once.
      const retired = entry ? this.retire(entry) : Promise.resolve()
      entry = { dir, provider, variant, settings, loaded: retired.then(() => this.loader.open(dir, provider, variant)), users: 0, retired: false }
      this.current = entry
      loadedNow = true
    }
    entry.users += 1
    try {
      const loaded = await entry.loaded.catch((error: unknown) => {
        if (this.current === entry) this.current = null
        throw error
      })
      return await work(loaded, loadedNow)
    } finally {
      entry.users -= 1
      if (entry.retired && entry.users === 0) await this.releaseEntry(entry)
    }
  }

  /**
   * The tokenizer of `dir` without loading its models: the open pack's when it is that one,
   * else its tokenizer files (the last one read is kept).
   */
  async tokenizer(dir: string): Promise<Tokenizer> {
    if (this.current?.dir === dir) {
      const loaded = await this.current.loaded.catch(() => null)
      if (loaded) return this.loader.tokenizerOf(loaded)
    }
    if (this.lastTokenizer?.dir !== dir) this.lastTokenizer = { dir, tokenizer: this.loader.readTokenizer(dir) }
    const read = this.lastTokenizer
    return read.tokenizer.catch((error: unknown) => {
      if (this.lastTokenizer === read) this.lastTokenizer = null
      throw error
    })
  }

  /** Releases the sessions of `dir` (switched away from or removed), once no run uses them. */
  async releaseDir(dir: string): Promise<void> {
    if (this.lastTokenizer?.dir === dir) this.lastTokenizer = null
    if (this.current?.dir !== dir) return
    await this.releaseCurrent()
  }

  /** Releases the open sessions, whichever pack they are of, once no run uses them. */
  async releaseCurrent(): Promise<void> {
    const entry = this.current
    if (!entry) return
    this.current = null
    await this.retire(entry)
  }

  /** Marks sessions for release; releases them now when no run uses them, else after the last one. */
  private retire(entry: Entry<Loaded>): Promise<void> {
    entry.retired = true
    return entry.users === 0 ? this.releaseEntry(entry) : Promise.resolve()
  }

  private async releaseEntry(entry: Entry<Loaded>): Promise<void> {
    await entry.loaded.then((loaded) => this.loader.release(loaded)).catch(() => {})
  }
}
