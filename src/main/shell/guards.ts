import type { WebContents } from 'electron'
import { externalLinkTarget, isAppUrl } from './app-origin'

/** The parts of WebContents the guards use, so tests can drive them with a plain object. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * Keeps a window on the app: navigation away from the app origin is blocked, new windows are
 * denied, webviews never attach, and https links go to the system browser instead.
 */
export function guardWebContents(contents: GuardedContents, appOrigin: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url)
    if (external) openExternal(external)
    return { action: 'deny' }
  })
}
