import { WeightsChoice } from '../../../shared/pack-manifest'
import { PackSlot } from '../runtime/pack-slot'
import { readTextPack } from './pack/text-pack-config'
import { loadTextModel, type TextModel } from './text-model'
import type { TextTokenizer } from './tokenizer'

/**
 * The text engine's slot in the inference process: the GPT-2 model of the text pack last used
 * (per provider and weights variant: `auto` or the one the person picked), so two of them are
 * never kept around, and the tokenizer of any pack without opening its model.
 */
export class TextModelSlot extends PackSlot<TextModel, TextTokenizer> {
  constructor() {
    super({
      open: (dir, provider, variant) => loadTextModel(dir, { provider, weights: WeightsChoice.catch('auto').parse(variant) }),
      release: (model) => model.decoder.release(),
      tokenizerOf: (model) => model.tokenizer,
      readTokenizer: async (dir) => (await readTextPack(dir)).tokenizer,
    })
  }
}
