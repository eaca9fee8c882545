import type { ProjectDocument, ProjectEdit, ProjectScene } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { setStory } from './story-text'

/**
 * The document after one edit of a person's; everything the edit does not name is the same
 * object, so it serialises to the same bytes. Deleting a variant leaves its file to the caller
 * (removed once the document that no longer names it is saved).
 */
export function applyEdit(document: ProjectDocument, edit: ProjectEdit): ProjectDocument {
  switch (edit.op) {
    case 'set-meta': {
      const { op: _op, ...meta } = edit
      return { ...document, ...definedOnly(meta) }
    }
    case 'set-story':
      return { ...document, segments: setStory(document.segments, edit.story) }
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
  }
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
