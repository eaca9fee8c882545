/** Where the page was loaded from: its origin and its query (which carries the studio server's access token). */
export interface PageLocation {
  origin: string
  search: string
}

const APP_URL = /^app:\/\/studio(\/[^?#]*)$/

/**
 * The URL the page loads a studio file (a project picture, an exported PDF) from. The studio
 * names them by app:// URL: inside the app that protocol serves them; in a browser the studio
 * server serves the same paths on its own origin to the holder of its access token, so the
 * token of the page's own URL goes along (images in the book preview's sandboxed frame send no
 * cookie). Anything that is not an app://studio URL (a data: preview) is returned as it is.
 */
export function studioFileUrl(appUrl: string, page: PageLocation | null): string {
  const match = APP_URL.exec(appUrl)
  if (!page || !match) return appUrl
  const token = new URLSearchParams(page.search).get('token')
  return `${page.origin}${match[1]}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`
}
