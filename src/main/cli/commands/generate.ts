import { SamplingOptions } from '../../../shared/contract'
import { action, parseInteger, parseNumber, withCommonOptions, type RegisterCommand } from '../command'
import { packFromOption, parseFlagValues } from '../model-options'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'

interface GenerateOptions extends CommonOptions {
  pack?: string
  prompt: string
  maxNewTokens?: number
  minNewTokens?: number
  temperature?: number
  topK?: number
  topP?: number
  minP?: number
  repetitionPenalty?: number
  /** Commander files `--no-repeat-ngram <n>` under `repeatNgram` (its negation convention), true when absent. */
  repeatNgram?: number | true
  stop?: string[]
  badWord?: string[]
  stopAtSentenceEnd?: boolean
  seed?: number
  greedy?: boolean
}

/** Each sampling setting and the flag that sets it, to name the flag when a value is refused. */
const flagOf: Record<keyof SamplingOptions, string> = {
  maxNewTokens: '--max-new-tokens',
  minNewTokens: '--min-new-tokens',
  temperature: '--temperature',
  topK: '--top-k',
  topP: '--top-p',
  minP: '--min-p',
  repetitionPenalty: '--repetition-penalty',
  noRepeatNgramSize: '--no-repeat-ngram',
  badWords: '--bad-word',
  stopStrings: '--stop',
  stopAtSentenceEnd: '--stop-at-sentence-end',
  seed: '--seed',
  greedy: '--greedy',
}

/** `taleweaver generate`: continue a story; streams the text, or prints one JSON object with --json. */
export const registerGenerate: RegisterCommand = (program, session) => {
  withCommonOptions(program.command('generate'))
    .description('continue a story with a text pack (streams the new text)')
    .requiredOption('--prompt <text>', 'the story so far (may be empty)')
    .option('--pack <dir>', 'a text pack folder (default: the active text pack)')
    .option('--max-new-tokens <n>', 'most tokens to generate', parseInteger)
    .option('--min-new-tokens <n>', 'tokens to generate before the story may end', parseInteger)
    .option('--temperature <t>', 'randomness: 0 is greedy, 1 is the model as trained', parseNumber)
    .option('--top-k <k>', 'sample among the k most likely tokens (0: all)', parseInteger)
    .option('--top-p <p>', 'sample among the most likely tokens holding probability p', parseNumber)
    .option('--min-p <p>', 'drop tokens less likely than p times the most likely one', parseNumber)
    .option('--repetition-penalty <r>', 'above 1 discourages repeating what the story says', parseNumber)
    .option('--no-repeat-ngram <n>', 'never repeat a sequence of n tokens (0: off)', parseInteger)
    .option('--stop <text>', 'stop once the new text contains this (repeatable)', collect)
    .option('--bad-word <word>', 'never generate this word (repeatable)', collect)
    .option('--stop-at-sentence-end', 'stop at the first sentence end after --min-new-tokens')
    .option('--seed <n>', 'the same seed and settings give the same text', parseInteger)
    .option('--greedy', 'always take the most likely token')
    .action(
      action(session, async (options: GenerateOptions) => {
        const sampling = samplingOptions(options)
        const studio = await session.open(options)
        const pack = await packFromOption(studio, options.pack)
        let streamed = false
        const result = await runCliJob(
          studio,
          'text.generate',
          { pack, prompt: options.prompt, options: sampling },
          {
            onToken: ({ text }) => {
              if (options.json) return
              process.stdout.write(text)
              streamed = true
            },
          },
        )
        for (const line of result.notices) notice(options, line)
        if (options.json) printResult(options, result, () => '')
        else process.stdout.write(streamed ? '\n' : '')
      }),
    )
}

/** The sampling settings given on the command line, checked with one line naming the flag. */
function samplingOptions(options: GenerateOptions): SamplingOptions {
  return parseFlagValues(
    SamplingOptions,
    {
      maxNewTokens: options.maxNewTokens,
      minNewTokens: options.minNewTokens,
      temperature: options.temperature,
      topK: options.topK,
      topP: options.topP,
      minP: options.minP,
      repetitionPenalty: options.repetitionPenalty,
      noRepeatNgramSize: options.repeatNgram === true ? undefined : options.repeatNgram,
      stopStrings: options.stop,
      badWords: options.badWord,
      stopAtSentenceEnd: options.stopAtSentenceEnd,
      seed: options.seed,
      greedy: options.greedy,
    },
    flagOf,
  )
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}
