import type { CallOutput, ParsedInput } from '../../../../shared/contract'
import { layoutBook } from '../../book/layout'
import { editScenes } from '../../scenes/edit'
import { extractScenes } from '../../scenes/extract'

/**
 * The calls whose work grows with what a person sends (a whole story, a board of scenes, a
 * book of pages): they run in the studio worker thread, never on the thread that serves
 * requests (Electron's main process, the studio server).
 */
export const workerCalls = {
  'scenes.extract': ({ story, count, style, language }: ParsedInput<'scenes.extract'>): CallOutput<'scenes.extract'> => extractScenes(story, { count, style, language }),
  'scenes.edit': ({ story, board, edit }: ParsedInput<'scenes.edit'>): CallOutput<'scenes.edit'> => editScenes(story, board, edit),
  'book.layout': ({ book }: ParsedInput<'book.layout'>): CallOutput<'book.layout'> => {
    const { html, pages } = layoutBook(book)
    return { html, pages }
  },
}

export type WorkerCallName = keyof typeof workerCalls

/** One request to the worker and its answer. */
export interface WorkerRequest {
  id: number
  name: WorkerCallName
  input: unknown
}
