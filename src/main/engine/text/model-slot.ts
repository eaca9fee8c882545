import { PackSlot } from '../runtime/pack-slot'
import { readTextPack } from './pack/text-pack-config'
import { loadTextModel, type LoadOptions, type TextModel } from './text-model'
import type { TextTokenizer } from './tokenizer'

/**
 * The text engine's slot in the inference process: the GPT-2 model of the text pack last used,
 * so two of them are never kept around, and the tokenizer of any pack without opening its model.
 * Every model opens with the same load options (provider, accepted weight types).
 */
export class TextModelSlot {
  private readonly slot: PackSlot<TextModel, TextTokenizer>

  constructor(private readonly options: LoadOptions = {}) {
    this.slot = new PackSlot({
      open: (dir, provider) => loadTextModel(dir, { ...options, provider }),
      release: (model) => model.decoder.release(),
      tokenizerOf: (model) => model.tokenizer,
      readTokenizer: async (dir) => (await readTextPack(dir)).tokenizer,
    })
  }

  /** Runs `work` with the model of `dir`, opening it first when needed. */
  use<T>(dir: string, work: (model: TextModel, loadedNow: boolean) => Promise<T>): Promise<T> {
    return this.slot.use(dir, this.options.provider ?? 'auto', work)
  }

  /** The tokenizer of `dir`: the open model's when it is that pack, else read from its files. */
  tokenizer(dir: string): Promise<TextTokenizer> {
    return this.slot.tokenizer(dir)
  }

  /** Releases `dir`'s model (the pack was switched away from or removed), once no run uses it. */
  releaseDir(dir: string): Promise<void> {
    return this.slot.releaseDir(dir)
  }
}
