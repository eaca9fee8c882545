import { ContractError } from '../../../shared/errors'
import { PackSlot } from '../runtime/pack-slot'
import { openUpscaler, type UpscalerModel } from './upscaler-model'

/**
 * The upscaler's slot in the inference process: the session of the upscaler pack last used.
 * Upscalers have no tokenizer; asking for one is a programming error.
 */
export class UpscalerPackSlot extends PackSlot<UpscalerModel, never> {
  constructor() {
    const noTokenizer = (): never => {
      throw new ContractError('internal', 'Upscaler packs have no tokenizer.')
    }
    super({
      open: (dir, provider) => openUpscaler(dir, provider),
      release: (model) => model.release(),
      tokenizerOf: noTokenizer,
      readTokenizer: async () => noTokenizer(),
    })
  }
}
