import { isAbsolute, relative, resolve, sep } from 'node:path'

/** The app's pages are served from this scheme and host, never from file:// or the network. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://studio`

/**
 * The Content-Security-Policy of every app page: scripts only from the app itself (no eval),
 * images from the app and data:/blob: URLs (previews), no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Whether a URL belongs to the app: same scheme and host (with port). Compared field by field
 * because WHATWG URL gives every custom scheme the opaque origin "null".
 */
export function isAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  try {
    const candidate = new URL(url)
    const app = new URL(appOrigin)
    return candidate.protocol === app.protocol && candidate.host === app.host && candidate.host !== ''
  } catch {
    return false
  }
}

/** The URL to hand to the system browser, or null: only well-formed https links leave the app. */
export function externalLinkTarget(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && parsed.hostname !== '' ? parsed.href : null
  } catch {
    return null
  }
}

/**
 * Maps an app:// request to a file under `rootDir`, or null when it would escape it. Uses
 * path.relative rather than a prefix test, so `/root-evil` never passes for `/root`.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let pathname: string
  try {
    const url = new URL(requestUrl)
    if (url.protocol !== `${APP_SCHEME}:`) return null
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const root = resolve(rootDir)
  const target = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  const inside = relative(root, target)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null
  return target
}
