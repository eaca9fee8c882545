import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'

/**
 * Scene extraction and editing: no model, no job, so both answer directly, from the studio
 * worker thread (their work grows with the story and the board). Edits are stateless: the
 * caller sends the story and the board and keeps the board that comes back.
 */
export function createScenesHandlers({ offThread }: StudioDeps): Pick<Handlers, 'scenes.extract' | 'scenes.edit'> {
  return {
    'scenes.extract': (input) => offThread.run('scenes.extract', input),
    'scenes.edit': (input) => offThread.run('scenes.edit', input),
  }
}
