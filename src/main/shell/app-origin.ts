import { resolveStaticFile } from '../web/static-files'

/** The app's pages are served from this scheme and host, never from file:// or the network. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://studio`

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

/** Maps an app:// request to a file under `rootDir`, or null when it is not one of the app's. */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  try {
    const url = new URL(requestUrl)
    return url.protocol === `${APP_SCHEME}:` ? resolveStaticFile(rootDir, url.pathname) : null
  } catch {
    return null
  }
}
