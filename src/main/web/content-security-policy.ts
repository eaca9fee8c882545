/**
 * The Content-Security-Policy of every studio page, written once: the app:// protocol and the
 * studio server send it as a header, and the renderer build writes it into index.html as a
 * meta tag. Scripts only from the app itself (no eval); images from the app and data:/blob:
 * URLs (previews); connections to the page's own origin only (the server's WebSocket); no
 * plugins, no framing.
 */
const directives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
]

/** The policy as a response header. */
export const CONTENT_SECURITY_POLICY = [...directives, "frame-ancestors 'none'"].join('; ')

/** The same policy for a `<meta>` tag, which cannot carry frame-ancestors (browsers ignore it there). */
export const CONTENT_SECURITY_POLICY_META = directives.join('; ')
