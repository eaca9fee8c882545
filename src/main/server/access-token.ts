import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** How a request proved it holds the token: in its URL's query, or by the cookie a first visit set. */
export type AccessGrant = 'query' | 'cookie' | null

export interface AccessToken {
  token: string
  /** Whether the request carries the token; `cookie: false` accepts the query only (the WebSocket). */
  check(request: IncomingMessage, accept: { cookie: boolean }): AccessGrant
  /** The Set-Cookie value that lets the page's own scripts and styles in; one name per port. */
  cookie(port: number): string
}

/**
 * The studio server's access token: 32 random bytes (base64url), compared in constant time. The
 * cookie is HttpOnly and SameSite=Strict, so other sites' pages never send it and scripts never
 * read it; its name carries the port because cookies are shared across ports.
 */
export function createAccessToken(token: string = randomBytes(32).toString('base64url')): AccessToken {
  const expected = Buffer.from(token)
  const matches = (candidate: string | undefined | null) => {
    if (!candidate) return false
    const given = Buffer.from(candidate)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
  const cookieName = (port: number | undefined) => `taleweaver-token-${port ?? ''}`
  return {
    token,
    check(request, accept) {
      const query = requestUrl(request)?.searchParams.get('token')
      if (matches(query)) return 'query'
      if (!accept.cookie) return null
      const name = cookieName(request.socket.localPort)
      const cookies = (request.headers.cookie ?? '').split(';').map((pair) => pair.trim().split('='))
      return cookies.some(([key, value]) => key === name && matches(value)) ? 'cookie' : null
    },
    cookie: (port) => `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
  }
}

/** The request's URL, or null when its request line does not parse as one. */
export function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://studio')
  } catch {
    return null
  }
}
