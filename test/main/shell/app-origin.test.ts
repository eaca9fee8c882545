import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, externalLinkTarget, isAppUrl, resolveAppFile } from '../../../src/main/shell/app-origin'
import { resolveStaticFile } from '../../../src/main/web/static-files'

describe('app origin checks', () => {
  it('accepts only the app scheme and host', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('evil://studio/index.html')).toBe(false)
    expect(isAppUrl('https://studio/index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false)
  })

  it('sends only well-formed https links to the system browser', () => {
    expect(externalLinkTarget('https://example.org/a b')).toBe('https://example.org/a%20b')
    expect(externalLinkTarget('http://example.org')).toBeNull()
    expect(externalLinkTarget('file:///etc/passwd')).toBeNull()
    expect(externalLinkTarget('javascript:alert(1)')).toBeNull()
    expect(externalLinkTarget('https:')).toBeNull()
  })

  it('serves files inside the renderer folder and nothing outside it', () => {
    expect(resolveAppFile('/app/renderer', 'app://studio/')).toBe('/app/renderer/index.html')
    expect(resolveAppFile('/app/renderer', 'app://studio/assets/a.js')).toBe('/app/renderer/assets/a.js')
    expect(resolveAppFile('/app/renderer', 'app://studio/..%2f..%2fetc/passwd')).toBeNull()
    // The URL parser folds dot segments; raw paths must still stay inside, sibling prefixes too.
    expect(resolveAppFile('/app/renderer', 'app://studio/%2e%2e/x.js')).toBe('/app/renderer/x.js')
    expect(resolveStaticFile('/app/renderer', '/../renderer-evil/x.js')).toBeNull()
    expect(resolveStaticFile('/app/renderer', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(resolveAppFile('/app/renderer', 'app://studio/a%00.js')).toBeNull()
    expect(resolveAppFile('/app/renderer', 'file:///app/renderer/index.html')).toBeNull()
  })
})
