import { readFile } from 'node:fs/promises'
import { contentTypeOf } from '../web/static-files'
import { CONTENT_SECURITY_POLICY } from '../web/content-security-policy'
import { resolveAppFile } from './app-origin'

/**
 * Serves the built renderer for the app:// scheme: only files inside `rootDir`, each with the
 * Content-Security-Policy header. Plain fetch Request/Response, so it is tested without Electron.
 */
export function createAppProtocolHandler(rootDir: string) {
  return async function handle(request: Request): Promise<Response> {
    const file = resolveAppFile(rootDir, request.url)
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
