import { editScenes } from '../../scenes/edit'
import { extractScenes } from '../../scenes/extract'
import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

/**
 * Scene extraction and editing: pure and quick (no model, no job), so both answer directly. Edits
 * are stateless: the caller sends the story and the board and keeps the board that comes back.
 */
export function createScenesHandlers(_deps: StudioDeps): Pick<Handlers, 'scenes.extract' | 'scenes.edit'> {
  return {
    'scenes.extract': async ({ story, count, style, language }) => extractScenes(story, { count, style, language }),
    'scenes.edit': async ({ story, board, edit }) => editScenes(story, board, edit),
  }
}
