import { describe, expect, it } from 'vitest'
import { APP_ORIGIN } from '../../../src/main/shell/app-origin'
import { guardWebContents, type GuardedContents } from '../../../src/main/shell/guards'

/** A stand-in for WebContents (the Electron binary cannot run here) that records the guards. */
function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
  let openHandler: ((details: { url: string }) => { action: string }) | null = null
  const contents = {
    on: (name: string, listener: never) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: never) => (openHandler = handler),
  } as unknown as GuardedContents
  const fire = (name: string, url?: string) => {
    let prevented = false
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  return { contents, fire, open: (url: string) => openHandler!({ url }) }
}

describe('web contents guards', () => {
  it('blocks navigation and redirects away from the app', () => {
    const fake = fakeContents()
    guardWebContents(fake.contents, APP_ORIGIN, () => undefined)
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(fake.fire('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false)
    expect(fake.fire('will-attach-webview')).toBe(true)
  })

  it('denies every new window and opens only https links externally', () => {
    const fake = fakeContents()
    const opened: string[] = []
    guardWebContents(fake.contents, APP_ORIGIN, (url) => opened.push(url))
    expect(fake.open('https://example.org/help')).toEqual({ action: 'deny' })
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(fake.open(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.org/help'])
  })
})
