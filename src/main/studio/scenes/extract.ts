import { MAX_SCENES, type ScenesExtractResult, type StoryLanguage, type StylePreset } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { analyzeStory } from './analysis'
import { composeScene } from './compose-scene'
import { chooseScenes } from './select'
import { countWords } from './text/words'

/** One scene per this many words when the caller does not say how many. */
export const WORDS_PER_SCENE = 120
export const DEFAULT_STYLE: StylePreset = 'watercolor'

export interface ExtractOptions {
  /** How many scenes; default about one per 120 words, at least one. */
  count?: number
  style?: StylePreset
  /** The story's language when the text alone cannot tell (default: from the text). */
  language?: StoryLanguage
}

/**
 * The story's key scenes, in story order and never overlapping, with the character bible their
 * prompts draw on. Pure and quick: no model, a few hundred milliseconds for a megabyte of text.
 */
export function extractScenes(story: string, options: ExtractOptions = {}): ScenesExtractResult {
  const style = options.style ?? DEFAULT_STYLE
  if (story.trim() === '') throw new ContractError('invalid-input', 'The story is empty: write or paste a story first.')
  const analysis = analyzeStory(story, undefined, options.language)
  if (analysis.words.length === 0) throw new ContractError('invalid-input', 'The story has no words to illustrate.')
  const notices: string[] = []
  const natural = Math.max(1, Math.round(countWords(analysis.words) / WORDS_PER_SCENE))
  const wanted = options.count ?? Math.min(natural, MAX_SCENES)
  if (options.count === undefined && natural > MAX_SCENES) {
    notices.push(`The story is long enough for ${natural} scenes; made ${MAX_SCENES}, the most one extraction makes.`)
  }
  const choices = chooseScenes(analysis, wanted)
  if (choices.length < wanted) {
    notices.push(`The story has ${choices.length} sentence${choices.length === 1 ? '' : 's'}, so it gives ${choices.length} scene${choices.length === 1 ? '' : 's'}, not ${wanted}.`)
  }
  if (analysis.unspaced) {
    notices.push('Image models read English: the prompts name the characters and places recognised in the story; check each one.')
  } else if (!analysis.english) {
    notices.push('The story does not look English: the prompts quote it as written; image models follow English prompts best.')
  }
  const { sentences } = analysis.segmentation
  const scenes = choices.map((choice) =>
    composeScene(analysis, style, { start: sentences[choice.from].start, end: sentences[choice.to - 1].end }, choice.key),
  )
  return { style, characters: analysis.characters, scenes, notices }
}
