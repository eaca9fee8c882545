import type { PackKind, TokenizeResult } from '../../../shared/contract'
import type { PackResolver } from '../../studio/packs/resolver'
import { action, withCommonOptions, type RegisterCommand } from '../command'
import { packFromOption } from '../model-options'
import { printResult, type CommonOptions } from '../output'

interface TokenizeOptions extends CommonOptions {
  pack?: string
}

/**
 * `taleweaver tokenize`: token ids of a text under a pack's tokenizer. A text pack gives GPT-2
 * ids; an image pack gives the CLIP ids its text encoder sees (77, padded).
 */
export const registerTokenize: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('tokenize'))
    .description("show a text's token ids under a pack's tokenizer")
    .argument('<text>', 'the text to tokenize')
    .option('--pack <dir>', 'a pack folder, text or image (default: the active text pack)')
    .action(
      action(session, async (text: string, options: TokenizeOptions) => {
        const studio = await session.open(options)
        const pack = await packFromOption(studio, options.pack)
        const kind = pack === undefined ? 'text' : await kindOf(studio.packs, pack)
        const result: TokenizeResult = await studio.call(kind === 'image' ? 'image.tokenize' : 'text.tokenize', { pack, text })
        printResult(options, result, () => `${result.ids.join(' ')}\n${result.count} tokens${result.truncated ? ' (truncated)' : ''}`)
      }),
    )
}

/** The kind of a pack: the resolver answers only for the kind the pack is. */
async function kindOf(packs: PackResolver, id: string): Promise<PackKind> {
  const [text, image] = await Promise.allSettled([packs.resolve('text', id), packs.resolve('image', id)])
  if (text.status === 'fulfilled') return 'text'
  if (image.status === 'fulfilled') return 'image'
  throw text.reason
}
