import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallResult, EventMessage } from '../../shared/envelope'
import { dispatch } from '../studio/core/dispatch'
import { exportFileOfUrlPath } from '../studio/projects/export-urls'
import { pictureFileOfUrlPath } from '../studio/projects/picture-urls'
import type { Studio } from '../studio/core/studio'
import { CONTENT_SECURITY_POLICY } from '../web/content-security-policy'
import { createAccessToken, requestUrl } from './access-token'
import { MAX_MESSAGE_BYTES } from './message-limits'
import { contentTypeOf, resolveStaticFile } from '../web/static-files'

export interface StudioServerOptions {
  studio: Studio
  /** The built renderer (index.html and assets). */
  rendererDir: string
  port?: number
  /** Loopback only by default: the studio reads and writes the person's files. */
  host?: string
  /** The access token; default a fresh random one, so only whoever sees the printed URL gets in. */
  token?: string
}

export interface StudioServer {
  /** The URL to open: the server's origin with the access token in its query. */
  url: string
  close(): Promise<void>
}

/**
 * The studio in a browser: serves the renderer over HTTP and the contract over a WebSocket at
 * /api. Only its owner gets in: every request carries the random token of the printed URL (the
 * page in its query, then a cookie for its scripts and styles; the WebSocket in its query), as
 * notebook servers do, so another local process or user cannot drive the studio. A page from
 * another origin cannot connect (Origin check), and a DNS-rebound host name is refused (Host
 * check).
 */
export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const { studio, rendererDir, host = '127.0.0.1' } = options
  const access = createAccessToken(options.token)
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const server = createServer((request, response) => {
    if (!requestUrl(request)) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request')
      return
    }
    const grant = access.check(request, { cookie: true })
    if (!grant) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden: open the URL that taleweaver serve printed (it carries the access token).')
      return
    }
    if (grant === 'query') response.setHeader('set-cookie', access.cookie(port()))
    serveFile(rendererDir, studio.dataDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/plain' })
      response.end('Bad request')
    })
  })
  const port = () => (server.address() as AddressInfo).port
  const allowedHosts = () => new Set([`${host}:${port()}`, `localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`])

  server.on('upgrade', (request, socket, head) => {
    const hosts = allowedHosts()
    const origin = request.headers.origin
    const sameOrigin = origin !== undefined && hosts.has(originHost(origin))
    if (requestUrl(request)?.pathname !== '/api' || !access.check(request, { cookie: false }) || !hosts.has(request.headers.host ?? '') || !sameOrigin) {
      socket.on('error', () => socket.destroy())
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(studio, ws))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port()}/?token=${access.token}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function originHost(origin: string): string {
  try {
    const url = new URL(origin)
    return url.protocol === 'http:' ? url.host : ''
  } catch {
    return ''
  }
}

function serveSocket(studio: Studio, ws: WebSocket): void {
  const unsubscribe = studio.events.subscribe((event, payload) => {
    const message: EventMessage = { event, payload }
    ws.send(JSON.stringify(message))
  })
  ws.on('close', unsubscribe)
  // A malformed frame or an oversized message is the client's fault: drop that client only.
  ws.on('error', () => ws.terminate())
  ws.on('message', async (data) => {
    let id: unknown = null
    let result: CallResult
    try {
      const request = JSON.parse(String(data)) as { id?: unknown; call?: unknown; input?: unknown }
      id = request.id
      result = await dispatch(studio.handlers, request.call, request.input)
    } catch {
      result = { ok: false, error: { code: 'invalid-input', message: 'Malformed message.' } }
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ...result }))
  })
}

/**
 * The renderer's files, project pictures at the same paths the app:// protocol serves them, and
 * the PDFs exported for this browser to download (`/exports/<project>.pdf`, as an attachment).
 */
async function serveFile(rendererDir: string, dataDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://studio').pathname
  const exported = exportFileOfUrlPath(dataDir, path)
  const file = exported ?? pictureFileOfUrlPath(join(dataDir, 'projects'), path) ?? resolveStaticFile(rendererDir, path)
  const body = file && request.method === 'GET' ? await readFile(file).catch(() => null) : null
  if (!file || !body) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  response
    .writeHead(200, {
      'content-type': exported ? 'application/pdf' : contentTypeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      ...(exported ? { 'content-disposition': 'attachment' } : {}),
    })
    .end(body)
}
