import { describe, expect, it } from 'vitest'
import { studioFileUrl } from '../../../src/renderer/src/api/studio-file-url'

const page = { origin: 'http://127.0.0.1:4173', search: '?token=a+b/c' }

describe('studioFileUrl', () => {
  it('maps app://studio paths to the same paths on the studio server, with its access token', () => {
    expect(studioFileUrl('app://studio/projects/fox/pictures/pic-1a.png', page)).toBe('http://127.0.0.1:4173/projects/fox/pictures/pic-1a.png?token=a%20b%2Fc')
    expect(studioFileUrl('app://studio/exports/fox.pdf', { ...page, search: '?token=abc' })).toBe('http://127.0.0.1:4173/exports/fox.pdf?token=abc')
  })

  it('leaves app:// URLs to the app, and data: previews and other URLs as they are', () => {
    expect(studioFileUrl('app://studio/projects/fox/pictures/pic-1a.png', null)).toBe('app://studio/projects/fox/pictures/pic-1a.png')
    expect(studioFileUrl('data:image/png;base64,AAAA', page)).toBe('data:image/png;base64,AAAA')
    expect(studioFileUrl('app://elsewhere/x.png', page)).toBe('app://elsewhere/x.png')
  })

  it('sends no token where the page has none (the cookie then stands in)', () => {
    expect(studioFileUrl('app://studio/exports/fox.pdf', { origin: 'http://localhost:9', search: '' })).toBe('http://localhost:9/exports/fox.pdf')
  })
})
