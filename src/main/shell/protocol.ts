import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { CONTENT_SECURITY_POLICY, resolveAppFile } from './app-origin'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

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
          'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  }
}
