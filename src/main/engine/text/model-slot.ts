import { loadTextModel, type LoadOptions, type TextModel } from './text-model'
import { readTextPack, type TextPackConfig } from './pack/text-pack-config'
import type { TextTokenizer } from './tokenizer'

interface Entry {
  dir: string
  model: Promise<TextModel>
  /** Runs using the model right now; it is released only once they are done. */
  users: number
  retired: boolean
}

/**
 * The inference worker keeps one text model open: the pack last used. Using another pack
 * retires the current model, which is released as soon as no run uses it, so two GPT-2 models
 * are never kept around (and a run in flight never loses its session).
 */
export class TextModelSlot {
  private current: Entry | null = null
  private tokenizerOnly: { dir: string; pack: Promise<{ config: TextPackConfig; tokenizer: TextTokenizer }> } | null = null

  constructor(private readonly options: LoadOptions = {}) {}

  /** Runs `work` with the model of `dir`, opening it first when needed. */
  async use<T>(dir: string, work: (model: TextModel, loadedNow: boolean) => Promise<T>): Promise<T> {
    let entry = this.current
    let loadedNow = false
    if (!entry || entry.dir !== dir) {
      // The previous model goes first (when idle), so two models are not in memory at once.
      const retired = entry ? this.retire(entry) : Promise.resolve()
      entry = { dir, model: retired.then(() => loadTextModel(dir, this.options)), users: 0, retired: false }
      this.current = entry
      loadedNow = true
    }
    entry.users += 1
    try {
      const model = await entry.model.catch((error) => {
        // A failed load is not kept: the next run tries again.
        if (this.current === entry) this.current = null
        throw error
      })
      return await work(model, loadedNow)
    } finally {
      entry.users -= 1
      if (entry.retired && entry.users === 0) await release(entry)
    }
  }

  /**
   * The tokenizer of `dir` without opening its model: the open model's when it is that pack,
   * else the pack's tokenizer files (the last one read is kept).
   */
  async tokenizer(dir: string): Promise<TextTokenizer> {
    if (this.current?.dir === dir) {
      const model = await this.current.model.catch(() => null)
      if (model) return model.tokenizer
    }
    if (this.tokenizerOnly?.dir !== dir) this.tokenizerOnly = { dir, pack: readTextPack(dir) }
    const entry = this.tokenizerOnly
    try {
      return (await entry.pack).tokenizer
    } catch (error) {
      if (this.tokenizerOnly === entry) this.tokenizerOnly = null
      throw error
    }
  }

  /** Releases `dir`'s model (the pack was switched away from or removed), once no run uses it. */
  async releaseDir(dir: string): Promise<void> {
    if (this.tokenizerOnly?.dir === dir) this.tokenizerOnly = null
    if (this.current?.dir !== dir) return
    const entry = this.current
    this.current = null
    await this.retire(entry)
  }

  /** Marks a model for release; releases it now when no run uses it, else after the last one. */
  private retire(entry: Entry): Promise<void> {
    entry.retired = true
    return entry.users === 0 ? release(entry) : Promise.resolve()
  }
}

async function release(entry: Entry): Promise<void> {
  await entry.model.then((model) => model.decoder.release()).catch(() => {})
}
