import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the fake hub misbehaves for one file. */
export interface FileBehaviour {
  /** Close the connection after this many bytes, on the first `times` requests (default 1). */
  dropAfter?: number
  times?: number
  /** Send this many bytes, then nothing more, keeping the connection open, on the first `times` requests. */
  stallAfter?: number
  /** Answer every request with the whole file (200), whatever Range says. */
  ignoreRange?: boolean
  /** Serve the file with one byte changed. */
  flipByte?: boolean
}

export interface FakeRepo {
  commit: string
  files: Record<string, Uint8Array | string>
  /** Files stored in LFS (served through a redirect, listed with sha256); the rest are git blobs. */
  lfs: (path: string) => boolean
  licence?: string
  /** Answer 401 unless this bearer token is sent. */
  token?: string
  behaviours?: Record<string, FileBehaviour>
}

export interface LoggedRequest {
  url: string
  range?: string
  ifRange?: string
  authorization?: string
}

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1: the model-info API with `?blobs=true`,
 * `resolve` URLs that redirect LFS files to a CDN path, ETags, Range requests, and failures on
 * demand (dropped connections, ignored Range, a flipped byte).
 */
export class FakeHub {
  readonly requests: LoggedRequest[] = []
  private readonly repos = new Map<string, FakeRepo>()
  private readonly served = new Map<string, number>()
  private server: Server | null = null
  url = ''

  add(repo: string, definition: FakeRepo): this {
    this.repos.set(repo, definition)
    return this
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => this.handle(request, response))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://hub')
    this.requests.push({
      url: url.pathname,
      range: request.headers.range,
      ifRange: request.headers['if-range'] as string | undefined,
      authorization: request.headers.authorization,
    })
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname)
    if (api) return this.info(decodeURIComponent(api[1]), request, response)
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname)
    if (resolve) {
      const repo = this.repos.get(resolve[1])
      const path = resolve[3].split('/').map(decodeURIComponent).join('/')
      if (!repo || !this.authorized(repo, request, response)) return
      if (resolve[2] !== repo.commit || repo.files[path] === undefined) return this.status(response, 404)
      if (repo.lfs(path)) {
        response.writeHead(302, { location: `/cdn/${encodeURIComponent(resolve[1])}/${encodeURIComponent(path)}` }).end()
        return
      }
      return this.serve(resolve[1], repo, path, request, response)
    }
    const cdn = /^\/cdn\/([^/]+)\/([^/]+)$/.exec(url.pathname)
    if (cdn) {
      const repoId = decodeURIComponent(cdn[1])
      const repo = this.repos.get(repoId)
      const path = decodeURIComponent(cdn[2])
      if (!repo || repo.files[path] === undefined) return this.status(response, 404)
      return this.serve(repoId, repo, path, request, response)
    }
    this.status(response, 404)
  }

  private authorized(repo: FakeRepo, request: IncomingMessage, response: ServerResponse): boolean {
    if (!repo.token || request.headers.authorization === `Bearer ${repo.token}`) return true
    this.status(response, 401)
    return false
  }

  private info(repoId: string, request: IncomingMessage, response: ServerResponse): void {
    const repo = this.repos.get(repoId)
    if (!repo) return this.status(response, 404)
    if (!this.authorized(repo, request, response)) return
    const siblings = Object.entries(repo.files).map(([path, content]) => {
      const bytes = Buffer.from(content)
      const blobId = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
      return repo.lfs(path)
        ? { rfilename: path, size: bytes.length, blobId: 'f'.repeat(40), lfs: { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, pointerSize: 134 } }
        : { rfilename: path, size: bytes.length, blobId }
    })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ id: repoId, sha: repo.commit, siblings, cardData: repo.licence ? { license: repo.licence } : {} }))
  }

  private serve(repoId: string, repo: FakeRepo, path: string, request: IncomingMessage, response: ServerResponse): void {
    const behaviour = repo.behaviours?.[path] ?? {}
    let bytes = Buffer.from(repo.files[path])
    const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`
    if (behaviour.flipByte) {
      bytes = Buffer.from(bytes)
      bytes[Math.floor(bytes.length / 2)] ^= 0xff
    }
    const key = `${repoId}/${path}`
    const count = (this.served.get(key) ?? 0) + 1
    this.served.set(key, count)

    let start = 0
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '')
    const ifRange = request.headers['if-range']
    if (range && !behaviour.ignoreRange && (ifRange === undefined || ifRange === etag)) start = Number(range[1])
    if (start > bytes.length) return this.status(response, 416)
    const body = bytes.subarray(start)
    const headers: Record<string, string | number> = { etag, 'accept-ranges': 'bytes', 'content-length': body.length }
    if (start > 0) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`
    response.writeHead(start > 0 ? 206 : 200, headers)
    if (behaviour.dropAfter !== undefined && count <= (behaviour.times ?? 1)) {
      // Let the client take in the bytes sent, then cut the connection as a network would.
      response.write(body.subarray(0, behaviour.dropAfter), () => setTimeout(() => response.socket?.destroy(), 50))
      return
    }
    if (behaviour.stallAfter !== undefined && count <= (behaviour.times ?? 1)) {
      // A connection that goes quiet: only the client's stall timeout ends it.
      response.write(body.subarray(0, behaviour.stallAfter))
      return
    }
    response.end(body)
  }

  private status(response: ServerResponse, code: number): void {
    response.writeHead(code, { 'content-type': 'text/plain' }).end(String(code))
  }
}
