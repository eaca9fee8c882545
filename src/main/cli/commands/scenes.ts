import { Option } from 'commander'
import { MAX_STORY_CHARS, storyLanguages, stylePresets, type ScenesExtractResult, type StoryLanguage, type StylePreset } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { describeIoError } from '../../studio/storage/atomic-file'
import { decodeUtf8, readInputFile } from '../../studio/storage/input-file'
import { action, parseInteger, withCommonOptions, type RegisterCommand } from '../command'
import { notice, printResult, type CommonOptions } from '../output'

interface ScenesOptions extends CommonOptions {
  story: string
  count?: number
  style?: StylePreset
  language?: StoryLanguage
}

/** Longest excerpt of a scene's text in the readable listing. */
const EXCERPT_CHARS = 160

/**
 * `taleweaver scenes`: the key scenes of a story with their spans, titles, prompts and the
 * character bible; a readable listing, or the whole result as JSON with --json.
 */
export const registerScenes: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('scenes'))
    .description('choose the key scenes of a story and write an illustration prompt for each')
    .requiredOption('--story <file>', 'the story, a UTF-8 text file ("-" reads standard input)')
    .option('--count <n>', 'how many scenes (default: about one per 120 words)', parseInteger)
    .addOption(new Option('--style <preset>', 'the pictures\' style').choices(stylePresets))
    .addOption(new Option('--language <code>', "the story's language, where the text alone cannot tell").choices(storyLanguages))
    .action(
      action(session, async (options: ScenesOptions) => {
        const story = await readStory(options.story)
        const studio = await session.open(options)
        const result = await studio.call('scenes.extract', { story, count: options.count, style: options.style, language: options.language })
        for (const line of result.notices) notice(options, line)
        printResult(options, result, () => listing(story, result))
      }),
    )
}

/** A story from a file, or from standard input for "-". */
export async function readStory(source: string): Promise<string> {
  if (source !== '-') return decodeUtf8(await readInputFile(source, 'the story', MAX_STORY_BYTES), source)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length
      if (size > MAX_STORY_BYTES) throw new ContractError('invalid-input', `The story on standard input is longer than ${MAX_STORY_BYTES} bytes.`)
      chunks.push(chunk as Buffer)
    }
  } catch (error) {
    if (error instanceof ContractError) throw error
    throw new ContractError('io', `Could not read the story from standard input: ${describeIoError(error)}.`)
  }
  return decodeUtf8(Buffer.concat(chunks), 'The story on standard input')
}

/** The longest story file read: the contract's character limit, at up to 4 bytes a character. */
const MAX_STORY_BYTES = MAX_STORY_CHARS * 4

function listing(story: string, result: ScenesExtractResult): string {
  const lines = ['Characters:']
  for (const character of result.characters) lines.push(`  ${character.name}: ${character.description} (seed ${character.seed})`)
  if (result.characters.length === 0) lines.push('  (none found)')
  lines.push('', `Scenes (${result.style}):`)
  result.scenes.forEach((scene, index) => {
    const text = story.slice(scene.span.start, scene.span.end).replace(/\s+/g, ' ')
    lines.push(
      `${index + 1}. ${scene.title}  [${scene.span.start}-${scene.span.end}]`,
      `   "${text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text}"`,
      `   characters: ${scene.characters.join(', ') || '-'}`,
      `   prompt: ${scene.prompt}`,
      `   negative: ${scene.negativePrompt}`,
    )
  })
  return lines.join('\n')
}
