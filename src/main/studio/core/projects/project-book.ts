import { readFile } from 'node:fs/promises'
import type { BookPage, ProjectDocument, Storybook } from '../../../../shared/contract'
import { pagesFromScenes } from '../../book/from-scenes'
import type { ProjectFolder } from '../../projects/project-folder'
import { storyOf } from '../../projects/story-text'

/**
 * The storybook of a project: a page per scene (its part of the story and its chosen picture),
 * in the book's page order, with the book settings. Pictures are read from the project folder
 * here, in the studio, and inlined for the printer; they never travel through the UI.
 */
export async function storybookOf(document: ProjectDocument, folder: ProjectFolder): Promise<Storybook> {
  const scenes = document.scenes.toSorted((a, b) => a.span.start - b.span.start)
  const images = await Promise.all(
    scenes.map(async (scene) => (scene.chosenVariant ? `data:image/png;base64,${(await readFile(folder.picturePath(scene.chosenVariant))).toString('base64')}` : undefined)),
  )
  const pages = pagesFromScenes(storyOf(document), scenes.map((scene) => scene.span), images)
  const alts = scenes.map((scene) => scene.action || scene.title)
  const withAlt: BookPage[] = pages.map((page, index) => (page.image && alts[index] ? { ...page, alt: alts[index] } : page))
  const order = document.book.pageOrder
  const ordered = order ? order.flatMap((id) => { const index = scenes.findIndex((scene) => scene.id === id); return index < 0 ? [] : [withAlt[index]] }) : withAlt
  const cover = document.book.coverScene ? images[scenes.findIndex((scene) => scene.id === document.book.coverScene)] : undefined
  return {
    title: document.title,
    ...(document.author ? { author: document.author } : {}),
    ...(document.language ? { language: document.language } : {}),
    ...(cover ? { cover } : {}),
    pages: ordered.length === pages.length ? ordered : withAlt,
    size: document.book.size,
    layout: document.book.layout,
    font: document.book.font,
  }
}
