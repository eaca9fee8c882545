import { join } from 'node:path'

/** The data folder's folder of PDFs written for a browser to download (one per project, replaced by the next export). */
export const EXPORTS_FOLDER = 'exports'

/** Where a project's PDF goes when no path was given: `<data>/exports/<id>.pdf`. */
export function exportFileOf(dataDir: string, projectId: string): string {
  return join(dataDir, EXPORTS_FOLDER, `${projectId}.pdf`)
}

/** The app:// URL of that PDF; the studio server serves the same path over HTTP, as a download. */
export function exportUrl(projectId: string): string {
  return `app://studio/${EXPORTS_FOLDER}/${projectId}.pdf`
}

/** The file an `/exports/<id>.pdf` URL path names under the data folder, or null for any other path. */
export function exportFileOfUrlPath(dataDir: string, urlPath: string): string | null {
  const match = /^\/exports\/([a-z0-9][a-z0-9-]{0,63})\.pdf$/.exec(urlPath)
  return match ? exportFileOf(dataDir, match[1]) : null
}
