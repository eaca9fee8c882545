import type { StylePreset } from '../../../../shared/contract'
import { escapeRegExp } from '../characters/describe'
import { stylePresetWords } from './style-presets'
import { estimateClipTokens, PROMPT_TOKEN_TARGET } from './token-budget'

/** What a scene's prompt is made of. */
export interface PromptIngredients {
  /** What happens ("Gretel pushing the witch into the oven"). */
  action: string
  /** Everyone in the scene, with their bible description. */
  characters: readonly { name: string; description: string }[]
  /** Where, and in what light ("in the dark forest, at night"), or empty. */
  setting: string
  style: StylePreset
}

const MIN_ACTION_WORDS = 4
const MIN_DESCRIPTION_WORDS = 3

/**
 * A prompt that fits CLIP's 75 tokens with the most important words first: the action, then
 * each character by name with their description (so every picture of them agrees), the
 * setting, the style's medium and its finer details. Over budget, parts give way in the reverse
 * order of importance: style details, the ends of descriptions, the setting, the end of the
 * action, whole descriptions. Names and the medium are never dropped.
 */
export function buildPrompt(ingredients: PromptIngredients): { prompt: string; negativePrompt: string } {
  const style = stylePresetWords[ingredients.style]
  const state = {
    action: words(ingredients.action),
    characters: ingredients.characters.map((character) => ({ name: character.name.trim(), description: words(character.description) })),
    setting: withoutRepeatedPlace(ingredients.setting.trim(), ingredients.action),
    details: [...style.details],
  }
  const render = () =>
    [
      state.action.join(' '),
      ...state.characters.map(({ name, description }) => characterPart(name, description)),
      state.setting,
      style.lead,
      ...state.details,
    ]
      .filter((part) => part.length > 0)
      .join(', ')

  const reductions: (() => boolean)[] = [
    () => state.details.pop() !== undefined,
    () => shortenLongestDescription(state.characters, MIN_DESCRIPTION_WORDS),
    () => state.setting !== '' && ((state.setting = ''), true),
    () => state.action.length > MIN_ACTION_WORDS && state.action.pop() !== undefined,
    () => shortenLongestDescription(state.characters, 0),
  ]
  let prompt = render()
  for (const reduce of reductions) {
    while (estimateClipTokens(prompt) > PROMPT_TOKEN_TARGET && reduce()) prompt = render()
  }
  return { prompt, negativePrompt: style.negative }
}

/** "Gretel, a little girl"; a description that already holds the name ("an old witch") stands alone. */
function characterPart(name: string, description: string[]): string {
  const text = description.join(' ')
  if (text === '') return name
  return new RegExp(`(?<![\\p{L}])${escapeRegExp(name)}(?![\\p{L}])`, 'iu').test(text) ? text : `${name}, ${text}`
}

/** Drops the last word of the longest description above `floor` words; false when none is left. */
function shortenLongestDescription(characters: { description: string[] }[], floor: number): boolean {
  let longest: { description: string[] } | undefined
  for (const character of characters) {
    if (character.description.length > floor && (!longest || character.description.length >= longest.description.length)) longest = character
  }
  if (!longest) return false
  longest.description.pop()
  // "a little girl with" and a lone "a" say nothing more than the words before them.
  while (longest.description.length > 0 && DANGLING.test(longest.description[longest.description.length - 1])) longest.description.pop()
  return true
}

const DANGLING = /^(?:a|an|the|with|in|on|wearing|and|of|her|his|their)$/i

/** "in the dark forest" adds nothing to "walking into the dark forest": keep only its light. */
function withoutRepeatedPlace(setting: string, action: string): string {
  const [place, ...light] = setting.split(', ')
  const noun = (place.split(' ').pop() ?? '').toLowerCase()
  const actionWords = action.toLowerCase().split(/[^\p{L}\p{M}\p{N}'’-]+/u)
  return noun !== '' && actionWords.includes(noun) ? light.join(', ') : setting
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean)
}
