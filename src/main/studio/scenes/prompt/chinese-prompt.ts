import type { Character, SceneBoard, Scene } from '../../../../shared/contract'
import { stylePresetWords } from './style-presets'

/**
 * A BERT-Chinese tokenizer gives about one token per character: a prompt of this many
 * characters fits the shortest Chinese text encoder context (77 positions) as CLIP's does.
 */
const CHINESE_PROMPT_CHARS = 75

/**
 * A scene of a Chinese story as a Chinese text encoder (Taiyi) reads it: the scene's own text,
 * who is in it as the bible describes them ("阿福，一只小狐狸"), and the style's medium. The
 * text gives way first when the prompt is too long; the characters and the medium are kept.
 */
export function chinesePromptOf(story: string, scene: Pick<Scene, 'span' | 'characters'>, board: Pick<SceneBoard, 'characters' | 'style'>): string {
  const cast = scene.characters.flatMap((name) => board.characters.filter((character) => character.name === name)).map(characterPart)
  const tail = [...cast, stylePresetWords[board.style].chinese].join('，')
  const text = story
    .slice(scene.span.start, scene.span.end)
    .replace(/[“”「」『』"\s]/gu, '')
    .replace(/[。！？]+$/u, '')
  const room = Math.max(0, CHINESE_PROMPT_CHARS - tail.length - 1)
  const kept = [...text].slice(0, room).join('')
  return kept === '' ? tail : `${kept}，${tail}`
}

/** "阿福，一只小狐狸"; a description that holds the name ("一只小狐狸" for 小狐狸) stands alone. */
function characterPart(character: Character): string {
  return character.description.includes(character.name) || character.description === '' ? character.description || character.name : `${character.name}，${character.description}`
}
