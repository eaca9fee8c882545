import { readFile } from 'node:fs/promises'
import { pictureFileOfUrlPath } from '../studio/projects/picture-urls'
import { contentTypeOf } from '../web/static-files'
import { CONTENT_SECURITY_POLICY } from '../web/content-security-policy'
import { resolveAppFile } from './app-origin'

/**
 * Serves the built renderer for the app:// scheme: only files inside `rootDir`, each with the
 * Content-Security-Policy header; and, given `projectsDir`, the pictures of the projects in it
 * (`/projects/<id>/pictures/<variant>.png`, the paths the studio server serves too). Plain fetch
 * Request/Response, so it is tested without Electron.
 */
export function createAppProtocolHandler(rootDir: string, projectsDir?: string) {
  return async function handle(request: Request): Promise<Response> {
    const file = (projectsDir ? projectPicture(projectsDir, request.url) : null) ?? resolveAppFile(rootDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  }
}

function projectPicture(projectsDir: string, requestUrl: string): string | null {
  try {
    return pictureFileOfUrlPath(projectsDir, new URL(requestUrl).pathname)
  } catch {
    return null
  }
}
