import type { Scene, SceneBoard, SceneEdit, Span } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { analyzeStory, type StoryAnalysis } from './analysis'
import { composeScene, rebuildPrompt, sentencesOverlapping } from './compose-scene'
import { scoreSentence } from './select'
import { trim } from './text/segment'

/**
 * Applies one edit to a board and returns the new board. Pure: the input is never changed, and
 * every scene the edit does not concern is returned as the very same object, so its prompt and
 * image cannot change. Merge and split make new scenes (new ids, fresh prompts, no image yet).
 */
export function editScenes(story: string, board: SceneBoard, edit: SceneEdit): SceneBoard {
  switch (edit.op) {
    case 'set-prompt':
      return replaceScene(board, edit.sceneId, (scene) => [{ ...scene, prompt: edit.prompt, promptEdited: true }])
    case 'merge':
      return mergeScenes(story, board, edit.first, edit.second)
    case 'split':
      return splitScene(story, board, edit.sceneId, edit.at)
    case 'reorder':
      return reorderScenes(board, edit.order)
    case 'set-character':
      return describeCharacter(board, edit.name, edit.description)
  }
}

function mergeScenes(story: string, board: SceneBoard, firstId: string, secondId: string): SceneBoard {
  if (firstId === secondId) throw new ContractError('invalid-input', 'Choose two different scenes to merge.')
  const first = sceneById(board, firstId)
  const second = sceneById(board, secondId)
  const span = { start: Math.min(first.span.start, second.span.start), end: Math.max(first.span.end, second.span.end) }
  const between = board.scenes.find((scene) => scene !== first && scene !== second && scene.span.start < span.end && scene.span.end > span.start)
  if (between) throw new ContractError('invalid-input', `"${between.title}" lies between those scenes: only neighbouring scenes can be merged.`)
  const merged = sceneForSpan(analyze(story, board), board, span)
  const scenes = board.scenes.filter((scene) => scene !== second).map((scene) => (scene === first ? merged : scene))
  return { ...board, scenes }
}

function splitScene(story: string, board: SceneBoard, sceneId: string, at: number): SceneBoard {
  const scene = sceneById(board, sceneId)
  const analysis = analyze(story, board)
  const cut = cutPoint(analysis, scene.span, at)
  const head = trim(story, { start: scene.span.start, end: cut })
  const tail = trim(story, { start: cut, end: scene.span.end })
  if (head.end <= head.start || tail.end <= tail.start) {
    throw new ContractError('invalid-input', 'Split a scene at a point inside its text, with words on both sides.')
  }
  return replaceScene(board, sceneId, () => [sceneForSpan(analysis, board, head), sceneForSpan(analysis, board, tail)])
}

function reorderScenes(board: SceneBoard, order: readonly string[]): SceneBoard {
  const byId = new Map(board.scenes.map((scene) => [scene.id, scene]))
  const unique = new Set(order)
  if (unique.size !== order.length || order.length !== board.scenes.length || order.some((id) => !byId.has(id))) {
    throw new ContractError('invalid-input', 'A new order must list every scene exactly once.')
  }
  return { ...board, scenes: order.map((id) => byId.get(id) as Scene) }
}

/**
 * A new description for one character. The scenes it appears in carry it: generated prompts are
 * rebuilt, and a prompt the person wrote has the old description replaced where it quotes it.
 * Their pictures stay until the person renders them again.
 */
function describeCharacter(board: SceneBoard, name: string, description: string): SceneBoard {
  const old = board.characters.find((character) => character.name === name)
  if (!old) throw new ContractError('not-found', `No character named "${name}" in this story's bible.`)
  const characters = board.characters.map((character) => (character === old ? { ...character, description } : character))
  const scenes = board.scenes.map((scene) => {
    if (!scene.characters.includes(name)) return scene
    if (!scene.promptEdited) return { ...scene, ...rebuildPrompt(scene, characters, board.style) }
    return old.description && scene.prompt.includes(old.description) ? { ...scene, prompt: scene.prompt.split(old.description).join(description) } : scene
  })
  return { ...board, characters, scenes }
}

/** A fresh scene for a span, its picture taken from the span's best sentence. */
function sceneForSpan(analysis: StoryAnalysis, board: SceneBoard, span: Span): Scene {
  const sentences = sentencesOverlapping(analysis, span)
  if (sentences.length === 0) throw new ContractError('invalid-input', 'That part of the story has no sentence to illustrate.')
  const scores = sentences.map((index) => scoreSentence(analysis, index))
  let best = 0
  for (let position = 1; position < sentences.length; position++) if (scores[position] > scores[best]) best = position
  return composeScene(analysis, board.style, span, sentences[best])
}

/** Where to cut a span near `at`: a sentence start inside it if one is near, else the nearest space. */
function cutPoint(analysis: StoryAnalysis, span: Span, at: number): number {
  if (at <= span.start || at >= span.end) throw new ContractError('invalid-input', 'The split point must lie inside the scene.')
  const starts = analysis.segmentation.sentences.map((sentence) => sentence.start).filter((start) => start > span.start && start < span.end)
  const nearest = starts.sort((a, b) => Math.abs(a - at) - Math.abs(b - at))[0]
  if (nearest !== undefined && Math.abs(nearest - at) <= 40) return nearest
  const text = analysis.story
  for (let distance = 0; distance < span.end - span.start; distance++) {
    for (const candidate of [at - distance, at + distance]) {
      if (candidate > span.start && candidate < span.end && /\s/.test(text[candidate])) return candidate
    }
  }
  return at
}

function analyze(story: string, board: SceneBoard): StoryAnalysis {
  const outside = board.scenes.find((scene) => scene.span.end > story.length)
  if (outside) throw new ContractError('invalid-input', `Scene "${outside.title}" reaches past the end of the story: extract the scenes again after editing the text.`)
  return analyzeStory(story, board.characters)
}

function sceneById(board: SceneBoard, id: string): Scene {
  const scene = board.scenes.find((candidate) => candidate.id === id)
  if (!scene) throw new ContractError('not-found', `No scene ${id} on this board.`)
  return scene
}

function replaceScene(board: SceneBoard, id: string, replace: (scene: Scene) => Scene[]): SceneBoard {
  const scene = sceneById(board, id)
  return { ...board, scenes: board.scenes.flatMap((candidate) => (candidate === scene ? replace(candidate) : [candidate])) }
}
