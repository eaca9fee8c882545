import type { PictureRecord, ProjectDocument, ProjectEdit, ProjectScene, ProjectSnapshot } from '../../src/shared/contract'
import type { FakeStudio } from './fake-studio'
import { board, STORY } from './scene-fixtures'

export const PROJECT_ID = 'lantern'

export const pictureRecord = (seed: number): PictureRecord => ({
  pack: { id: 'starter-pictures', files: [] }, prompt: 'prompt a', negativePrompt: '', seed, scheduler: 'ddim', steps: 20, guidance: 5,
  width: 128, height: 128, provider: 'cpu', engineVersion: 'onnxruntime-node 1.30.0',
})

/** The scenes of {@link board} as a project keeps them (no pictures yet). */
export function projectScenes(): ProjectScene[] {
  return board().scenes.map(({ image: _image, ...scene }) => ({ ...scene, locked: false, variants: [] }))
}

/** A project document holding {@link STORY} and, unless told otherwise, the scenes of {@link board}. */
export function projectDocument(scenes: ProjectScene[] = projectScenes()): ProjectDocument {
  return {
    title: 'The Lantern', style: 'watercolor', segments: [{ id: 'seg-1', origin: 'person', text: STORY }],
    characters: board().characters, scenes, book: { size: 'a5', layout: 'picture-above', font: 'serif' },
  }
}

/**
 * The edits the views make, as the studio applies them (src/main/studio/projects/apply-edit.ts,
 * tested in test/main/studio/core/handlers/projects.test.ts; it runs in Node, these tests in a page).
 */
function applyEdit(document: ProjectDocument, edit: ProjectEdit): ProjectDocument {
  const scene = (id: string, update: (scene: ProjectScene) => ProjectScene) => ({ ...document, scenes: document.scenes.map((one) => (one.id === id ? update(one) : one)) })
  switch (edit.op) {
    case 'set-meta':
      return { ...document, ...(edit.title === undefined ? {} : { title: edit.title }), ...(edit.author === undefined ? {} : { author: edit.author }) }
    case 'set-book':
      return { ...document, book: { ...document.book, ...edit.book } }
    case 'set-scene': {
      const { op: _op, sceneId, ...fields } = edit
      return scene(sceneId, (one) => ({ ...one, ...fields, ...(fields.prompt === undefined ? {} : { promptEdited: true }) }))
    }
    case 'choose-variant':
      return scene(edit.sceneId, (one) => ({ ...one, chosenVariant: edit.variantId }))
    case 'delete-variant':
      return scene(edit.sceneId, ({ chosenVariant, ...one }) => {
        const variants = one.variants.filter((variant) => variant.id !== edit.variantId)
        const chosen = chosenVariant === edit.variantId ? variants.at(-1)?.id : chosenVariant
        return { ...one, variants, ...(chosen ? { chosenVariant: chosen } : {}) }
      })
    case 'set-scenes': {
      const kept = new Map(document.scenes.map((one) => [one.id, one]))
      const scenes = edit.board.scenes.map(({ image: _image, ...one }) => ({ locked: false, variants: [], ...pick(kept.get(one.id)), ...one }))
      const storyOrder = scenes.toSorted((a, b) => a.span.start - b.span.start).map((one) => one.id)
      const order = scenes.map((one) => one.id)
      const { pageOrder: _pageOrder, ...book } = document.book
      return { ...document, style: edit.board.style, characters: edit.board.characters, scenes, book: order.join() === storyOrder.join() ? book : { ...book, pageOrder: order } }
    }
    default:
      throw new Error(`The fake studio does not apply ${edit.op}`)
  }
}

const pick = (scene: ProjectScene | undefined) => (scene ? { locked: scene.locked, variants: scene.variants, ...(scene.chosenVariant ? { chosenVariant: scene.chosenVariant } : {}) } : {})

/**
 * A studio keeping one project in memory and answering projects.create/open/edit as the studio
 * does, so the stores see the documents the studio would answer. Pictures
 * are added with {@link addVariant}, as a finished `projects.redoScene` leaves them.
 */
export function projectStudio(fake: FakeStudio, start: ProjectDocument = projectDocument()) {
  let document = structuredClone(start)
  let revision = 0
  const snapshot = (): ProjectSnapshot => ({
    id: PROJECT_ID, document: structuredClone(document), savedAt: 'now', revision, readOnly: false,
    pictureUrls: Object.fromEntries(document.scenes.flatMap((scene) => scene.variants.map((variant) => [variant.id, `app://studio/projects/${PROJECT_ID}/pictures/${variant.id}.png`]))),
  })
  fake.answer('projects.create', ({ title = '', story = '' }) => {
    document = { ...document, title, segments: [{ id: 'seg-1', origin: 'person', text: story }] }
    return snapshot()
  })
  fake.answer('projects.open', snapshot)
  fake.answer('projects.list', () => [{ id: PROJECT_ID, title: document.title, savedAt: 'now', sceneCount: document.scenes.length }])
  fake.answer('projects.edit', ({ edit }) => {
    document = applyEdit(document, edit)
    revision += 1
    return snapshot()
  })
  return {
    get document() {
      return document
    },
    /** A new chosen picture of a scene, as a finished redo leaves it. */
    addVariant(sceneId: string, variantId: string, seed: number) {
      document = {
        ...document,
        scenes: document.scenes.map((scene) =>
          scene.id === sceneId ? { ...scene, variants: [...scene.variants, { id: variantId, record: pictureRecord(seed), createdAt: 'now' }], chosenVariant: variantId } : scene,
        ),
      }
    },
  }
}
