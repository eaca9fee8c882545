import { ItemId, type ProjectDocument, type ProjectEdit, type ProjectScene, type SceneBoard } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { setStory, shiftSpan, storyChange, storyOf } from './story-text'

/**
 * The document after one edit of a person's; everything the edit does not name is the same
 * object, so it serialises to the same bytes. Deleting a variant (or a scene, by `set-scenes`)
 * leaves its file to the caller (removed once the document that no longer names it is saved).
 */
export function applyEdit(document: ProjectDocument, edit: ProjectEdit): ProjectDocument {
  switch (edit.op) {
    case 'set-meta': {
      const { op: _op, ...meta } = edit
      return { ...document, ...definedOnly(meta) }
    }
    case 'set-story': {
      const change = storyChange(storyOf(document), edit.story)
      const scenes = document.scenes.map((scene) => {
        const span = shiftSpan(scene.span, change)
        return span.start === scene.span.start && span.end === scene.span.end ? scene : { ...scene, span }
      })
      return { ...document, segments: setStory(document.segments, change), scenes }
    }
    case 'set-scene': {
      const { op: _op, sceneId, ...fields } = edit
      const promptEdited = fields.prompt !== undefined ? { promptEdited: true } : {}
      return withScene(document, sceneId, (scene) => ({ ...scene, ...definedOnly(fields), ...promptEdited }))
    }
    case 'set-character': {
      if (!document.characters.some((character) => character.name === edit.name)) throw new ContractError('not-found', `No character named ${edit.name}.`)
      return {
        ...document,
        characters: document.characters.map((character) => (character.name === edit.name ? { ...character, description: edit.description } : character)),
      }
    }
    case 'set-book':
      return { ...document, book: { ...document.book, ...definedOnly(edit.book) } }
    case 'choose-variant':
      return withScene(document, edit.sceneId, (scene) => {
        if (!scene.variants.some((variant) => variant.id === edit.variantId)) throw new ContractError('not-found', `Scene ${scene.id} has no picture ${edit.variantId}.`)
        return { ...scene, chosenVariant: edit.variantId }
      })
    case 'delete-variant':
      return withScene(document, edit.sceneId, (scene) => {
        const variants = scene.variants.filter((variant) => variant.id !== edit.variantId)
        if (variants.length === scene.variants.length) throw new ContractError('not-found', `Scene ${scene.id} has no picture ${edit.variantId}.`)
        const chosenVariant = scene.chosenVariant === edit.variantId ? variants.at(-1)?.id : scene.chosenVariant
        const { chosenVariant: _dropped, ...rest } = scene
        return chosenVariant === undefined ? { ...rest, variants } : { ...rest, variants, chosenVariant }
      })
    case 'set-scenes':
      return withBoard(document, edit.board)
  }
}

/**
 * The document with the board's scenes, characters and style. What only the project knows of a
 * scene (its pictures, lock and own style) stays with the scene of the same id; the board's order
 * is the page order, written down only where it differs from the story's.
 */
function withBoard(document: ProjectDocument, board: SceneBoard): ProjectDocument {
  const storyLength = storyOf(document).length
  const previous = new Map(document.scenes.map((scene) => [scene.id, scene]))
  const seen = new Set<string>()
  const scenes = board.scenes.map(({ image: _image, ...scene }): ProjectScene => {
    if (!ItemId.safeParse(scene.id).success || seen.has(scene.id)) throw new ContractError('invalid-input', `Scene id ${JSON.stringify(scene.id)} is not a unique project item id.`)
    if (scene.span.end > storyLength) throw new ContractError('invalid-input', `Scene ${scene.id} ends at ${scene.span.end}, past the story's ${storyLength} characters.`)
    seen.add(scene.id)
    const kept = previous.get(scene.id)
    if (!kept) return { ...scene, locked: false, variants: [] }
    const { style, chosenVariant } = kept
    return { ...scene, locked: kept.locked, variants: kept.variants, ...(style ? { style } : {}), ...(chosenVariant ? { chosenVariant } : {}) }
  })
  const order = scenes.map((scene) => scene.id)
  const storyOrder = scenes.toSorted((a, b) => a.span.start - b.span.start).map((scene) => scene.id)
  // A cover whose scene went goes with it.
  const { pageOrder: _pageOrder, coverScene, ...settings } = document.book
  const book = coverScene && seen.has(coverScene) ? { ...settings, coverScene } : settings
  const inStoryOrder = order.every((id, index) => id === storyOrder[index])
  return { ...document, style: board.style, characters: board.characters, scenes, book: inStoryOrder ? book : { ...book, pageOrder: order } }
}

/** Ids of the picture variants a document names. */
export function variantIdsOf(document: ProjectDocument): Set<string> {
  return new Set(document.scenes.flatMap((scene) => scene.variants.map((variant) => variant.id)))
}

/** The document with one scene replaced; `not-found` when no scene has that id. */
export function withScene(document: ProjectDocument, sceneId: string, update: (scene: ProjectScene) => ProjectScene): ProjectDocument {
  const index = document.scenes.findIndex((scene) => scene.id === sceneId)
  if (index < 0) throw new ContractError('not-found', `No scene ${sceneId} in this project.`)
  return { ...document, scenes: document.scenes.with(index, update(document.scenes[index])) }
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>
}
