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
    characters: ingredients.characters.map((character) => ({
      name: character.name.trim(),
      description: atMostBudgetWords(words(character.description)),
      namePattern: namePattern(character.name.trim()),
    })),
    setting: withoutRepeatedPlace(ingredients.setting.trim(), ingredients.action),
    details: [...style.details],
  }
  const render = () =>
    [
      state.action.join(' '),
      ...state.characters.map(({ name, description, namePattern }) => characterPart(name, description, namePattern)),
      state.setting,
      style.lead,
      ...state.details,
    ]
      .filter((part) => part.length > 0)
      .join(', ')
  // A prompt of more words than the budget has tokens cannot fit: only shorter ones are measured,
  // so the cost stays linear in the ingredients however long the descriptions are.
  const wordCount = () =>
    state.action.length +
    state.characters.reduce((sum, { name, description }) => sum + description.length + (description.length === 0 ? words(name).length : 0), 0) +
    words(state.setting).length +
    state.details.reduce((sum, detail) => sum + words(detail).length, 0)
  const fits = () => wordCount() <= PROMPT_TOKEN_TARGET && estimateClipTokens(render()) <= PROMPT_TOKEN_TARGET

  const reductions: (() => boolean)[] = [
    () => state.details.pop() !== undefined,
    () => shortenLongestDescription(state.characters, MIN_DESCRIPTION_WORDS),
    () => state.setting !== '' && ((state.setting = ''), true),
    () => state.action.length > MIN_ACTION_WORDS && state.action.pop() !== undefined,
    () => shortenLongestDescription(state.characters, 0),
  ]
  const fewestWords = Math.min(state.action.length, MIN_ACTION_WORDS) + state.characters.reduce((sum, { name }) => sum + words(name).length, 0)
  if (fewestWords > PROMPT_TOKEN_TARGET) {
    // Even with every reduction made the words outnumber the budget: the loop would make them
    // all, one word at a time, so make them at once.
    state.details = []
    state.setting = ''
    state.action = state.action.slice(0, MIN_ACTION_WORDS)
    for (const character of state.characters) character.description = []
  }
  for (const reduce of reductions) {
    while (!fits() && reduce()) {
      // keep reducing
    }
  }
  return { prompt: render(), negativePrompt: style.negative }
}

/** "Gretel, a little girl"; a description that already holds the name ("an old witch") stands alone. */
function characterPart(name: string, description: string[], pattern: RegExp): string {
  const text = description.join(' ')
  if (text === '') return name
  return pattern.test(text) ? text : `${name}, ${text}`
}

/** The name as a whole word, any case (compiled once per prompt, not once per attempt). */
function namePattern(name: string): RegExp {
  return new RegExp(`(?<![\\p{L}])${escapeRegExp(name)}(?![\\p{L}])`, 'iu')
}

/** Drops the last word of the longest description above `floor` words; false when none is left. */
function shortenLongestDescription(characters: { description: string[] }[], floor: number): boolean {
  let longest: { description: string[] } | undefined
  for (const character of characters) {
    if (character.description.length > floor && (!longest || character.description.length >= longest.description.length)) longest = character
  }
  if (!longest) return false
  longest.description.pop()
  dropDangling(longest.description)
  return true
}

/**
 * A description cut to as many words as the budget has tokens (every word is at least one
 * token), as the reductions would leave it: those only ever shorten the longest description, so
 * any longer one is cut down to this before another is touched.
 */
function atMostBudgetWords(description: string[]): string[] {
  return description.length > PROMPT_TOKEN_TARGET ? dropDangling(description.slice(0, PROMPT_TOKEN_TARGET)) : description
}

/** "a little girl with" and a lone "a" say nothing more than the words before them. */
function dropDangling(description: string[]): string[] {
  while (description.length > 0 && DANGLING.test(description[description.length - 1])) description.pop()
  return description
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
