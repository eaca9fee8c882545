import { join } from 'node:path'
import { PackSlot } from '../runtime/pack-slot'
import { ClipTokenizer } from './clip-tokenizer'
import { openImagePack, type ImagePack } from './pack/image-pack'

/**
 * The image engine's slot in the inference process: the three sessions of the image pack last
 * used (per provider), so two Stable Diffusion models never sit in memory together, and the
 * CLIP tokenizer of any pack without loading its models.
 */
export class ImagePackSlot extends PackSlot<ImagePack, ClipTokenizer> {
  constructor() {
    super({
      open: (dir, provider) => openImagePack(dir, { provider }),
      release: (pack) => pack.release(),
      tokenizerOf: (pack) => pack.tokenizer,
      readTokenizer: (dir) => ClipTokenizer.load(join(dir, 'tokenizer')),
    })
  }
}
