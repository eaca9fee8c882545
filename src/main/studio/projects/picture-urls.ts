import { join } from 'node:path'
import { PICTURES_FOLDER } from './project-folder'

/** Where project pictures are served: `app://studio/projects/<id>/pictures/<variant>.png` (the studio server serves the same path over HTTP). */
export const PROJECTS_URL_PATH = '/projects/'

/** The app:// URL of a picture variant of a project in the data folder. */
export function pictureUrl(projectId: string, variantId: string): string {
  return `app://studio${PROJECTS_URL_PATH}${projectId}/${PICTURES_FOLDER}/${variantId}.png`
}

/**
 * The file a `/projects/<id>/pictures/<variant>.png` URL path names under `<data>/projects`, or
 * null for any other path: only picture files, never a document or anything outside.
 */
export function pictureFileOfUrlPath(projectsRoot: string, urlPath: string): string | null {
  const match = /^\/projects\/([a-z0-9][a-z0-9-]{0,63})\/pictures\/([a-z0-9][a-z0-9-]{0,63})\.png$/.exec(urlPath)
  return match ? join(projectsRoot, match[1], PICTURES_FOLDER, `${match[2]}.png`) : null
}
