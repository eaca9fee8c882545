import type { Character, Scene, Span, StylePreset } from '../../../shared/contract'
import { actionOfSentence, fallbackAction, type Action } from './actions'
import { wordsOfSentence, type StoryAnalysis } from './analysis'
import { seedForName } from './characters/seed'
import { atmosphereOf } from './places'
import { buildPrompt } from './prompt/build-prompt'
import { chineseActionPhrase, promptCharacter } from './prompt/chinese-english'

/** How far back a scene looks for a place when its own sentences name none. */
const PLACE_MEMORY_SENTENCES = 25
const CHINESE_TITLE_CHARS = 16

/**
 * A scene for a span of the story: who is in it, where, what happens in its key sentence, and
 * the prompt built from those with the bible's descriptions and the style.
 */
export function composeScene(analysis: StoryAnalysis, style: StylePreset, span: Span, key: number): Scene {
  const sentences = sentencesOverlapping(analysis, span)
  const present: string[] = []
  for (const index of sentences) for (const name of analysis.casts[index].present) if (!present.includes(name)) present.push(name)
  const bible = new Map(analysis.characters.map((character) => [character.name, character]))
  const characters = present.map((name) => bible.get(name)).filter((character): character is Character => character !== undefined)
  const action = describeAction(analysis, key)
  const spanText = analysis.story.slice(span.start, span.end)
  const light = atmosphereOf(spanText, sentences.flatMap((index) => wordsOfSentence(analysis, index)))[0]
  const setting = [placeNear(analysis, sentences, key), light].filter(Boolean).join(', ')
  const { prompt, negativePrompt } = buildPrompt({ action: action.phrase, characters: characters.map(promptCharacter), setting, style })
  return {
    id: `scene-${span.start}-${span.end}`,
    span,
    title: action.title,
    characters: characters.map((character) => character.name),
    setting,
    action: action.phrase,
    prompt,
    negativePrompt,
    promptEdited: false,
    seed: characters[0]?.seed ?? seedForName(spanText),
  }
}

/** The prompt of a scene rebuilt from its parts, after the bible or the style changed. */
export function rebuildPrompt(scene: Scene, bible: readonly Character[], style: StylePreset): Pick<Scene, 'prompt' | 'negativePrompt'> {
  const characters = scene.characters.flatMap((name) => bible.filter((character) => character.name === name))
  return buildPrompt({ action: scene.action, characters: characters.map(promptCharacter), setting: scene.setting, style })
}

/** The sentences that share at least one character with the span. */
export function sentencesOverlapping(analysis: StoryAnalysis, span: Span): number[] {
  const sentences = analysis.segmentation.sentences
  // Sentences are in order and do not overlap: find the first one ending after the span starts.
  let low = 0
  let high = sentences.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (sentences[middle].end <= span.start) low = middle + 1
    else high = middle
  }
  const indices: number[] = []
  for (let index = low; index < sentences.length && sentences[index].start < span.end; index++) indices.push(index)
  return indices
}

function describeAction(analysis: StoryAnalysis, key: number): Action {
  const sentence = analysis.segmentation.sentences[key]
  const cast = analysis.casts[key]
  if (analysis.unspaced) {
    // The action in English through the lexicon, with the cast as prompts name them; the title is the text's own.
    const text = analysis.story.slice(sentence.start, sentence.end).replace(/\s+/g, '')
    const title = text.length > CHINESE_TITLE_CHARS ? `${text.slice(0, CHINESE_TITLE_CHARS)}…` : text
    const bible = new Map(analysis.characters.map((character) => [character.name, character]))
    const present = cast.present.flatMap((name) => bible.get(name) ?? [])
    const promptCast = present.map((character) => ({ forms: [character.name, ...character.aliases], english: promptCharacter(character).name }))
    return { phrase: chineseActionPhrase(analysis.story.slice(sentence.start, sentence.end), promptCast), title }
  }
  const words = wordsOfSentence(analysis, key)
  return analysis.english ? actionOfSentence(analysis.story, words, cast) : fallbackAction(words, cast)
}

/** The place of the key sentence, else the nearest one in the scene, else the last one before it. */
function placeNear(analysis: StoryAnalysis, sentences: number[], key: number): string {
  const own = analysis.places[key] ?? sentences.map((index) => analysis.places[index]).find(Boolean)
  if (own) return own.phrase
  for (let index = key - 1; index >= Math.max(0, key - PLACE_MEMORY_SENTENCES); index--) {
    const place = analysis.places[index]
    if (place) return place.phrase
  }
  return ''
}
