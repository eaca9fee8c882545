import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as connectTcp } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startStudioServer, type StudioServer } from '../../../src/main/server/studio-server'
import { createStudio, type Studio } from '../../../src/main/studio/core/studio'
import { ContractError } from '../../../src/shared/errors'
import { watchEventLoopLag } from './event-loop-lag'

let studio: Studio
let server: StudioServer
let origin: string
let token: string
const dataDir = mkdtempSync(join(tmpdir(), 'tw-data-'))
const rendererDir = mkdtempSync(join(tmpdir(), 'tw-renderer-'))

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>')
  writeFileSync(join(rendererDir, 'assets/app.js'), 'console.log(1)')
  const noPacks = async (): Promise<never> => {
    throw new ContractError('not-found', 'no packs in this test')
  }
  studio = createStudio({ dataDir, packs: { resolve: noPacks, openFolder: noPacks }, writableFolders: [] })
  server = await startStudioServer({ studio, rendererDir })
  origin = new URL(server.url).origin
  token = new URL(server.url).searchParams.get('token') ?? ''
})
afterAll(async () => {
  await server.close()
  await studio.close()
})

function connect(from: string | undefined, withToken = token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${encodeURIComponent(withToken)}`, from ? { origin: from } : {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    ws.once('error', reject)
  })
}

function request(ws: WebSocket, message: unknown): Promise<any> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))))
    ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  })
}

describe('studio server', () => {
  it('serves the renderer with a Content-Security-Policy, and nothing outside it', async () => {
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval')
    expect((await fetch(`${origin}/assets/app.js?token=${token}`)).headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${origin}/%2e%2e/%2e%2e/etc/passwd?token=${token}`)).status).toBe(404)
  })

  it('serves project pictures at the paths of their app:// URLs, and no other project file', async () => {
    const created = await studio.call('projects.create', { title: 'Served', story: 'A fox.' })
    const pictures = join(studio.dataDir, 'projects', created.id, 'pictures')
    mkdirSync(pictures)
    writeFileSync(join(pictures, 'pic-a.png'), 'png bytes')
    const picture = await fetch(`${origin}/projects/${created.id}/pictures/pic-a.png?token=${token}`)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(await picture.text()).toBe('png bytes')
    expect((await fetch(`${origin}/projects/${created.id}/project.json?token=${token}`)).status).toBe(404)
    expect((await fetch(`${origin}/projects/${created.id}/pictures/%2e%2e/project.json?token=${token}`)).status).toBe(404)
  })

  it('serves an exported PDF for download at the path of its app:// URL, with the token only', async () => {
    mkdirSync(join(studio.dataDir, 'exports'), { recursive: true })
    writeFileSync(join(studio.dataDir, 'exports', 'served.pdf'), '%PDF-1.4 bytes')
    const pdf = await fetch(`${origin}/exports/served.pdf?token=${token}`)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe('attachment')
    expect(await pdf.text()).toBe('%PDF-1.4 bytes')
    expect((await fetch(`${origin}/exports/served.pdf`)).status).toBe(403)
    expect((await fetch(`${origin}/exports/%2e%2e/settings.json?token=${token}`)).status).toBe(404)
  })

  it('answers contract calls over the WebSocket with typed results and errors', async () => {
    const ws = await connect(origin)
    expect(await request(ws, { id: 1, call: 'jobs.list', input: {} })).toEqual({ id: 1, ok: true, value: [] })
    expect(await request(ws, { id: 2, call: 'jobs.cancel', input: { jobId: 'nope' } })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: 'not-found' },
    })
    expect(await request(ws, { id: 3, call: 'fs.read', input: {} })).toMatchObject({ id: 3, ok: false, error: { code: 'unknown-call' } })
    expect(await request(ws, { id: 4, call: 'jobs.cancel', input: { jobId: 7 } })).toMatchObject({ id: 4, ok: false, error: { code: 'invalid-input' } })
    expect(await request(ws, '{not json')).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    ws.close()
  })

  it('refuses sockets from other origins (a web page cannot drive the studio)', async () => {
    await expect(connect('https://evil.example')).rejects.toThrow('HTTP 403')
    await expect(connect(undefined)).rejects.toThrow('HTTP 403')
  })

  it('survives a malformed WebSocket frame and a request line it cannot parse', async () => {
    const { port } = new URL(origin)
    const send = (bytes: string | Buffer) =>
      new Promise<string>((resolve) => {
        const socket = connectTcp(Number(port), '127.0.0.1', () => socket.write(bytes))
        let answer = ''
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
        socket.on('error', () => resolve(answer))
        socket.on('close', () => resolve(answer))
        setTimeout(() => socket.destroy(), 1500)
      })
    const upgrade =
      `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
    // An unmasked client frame is a protocol error: that client is dropped, the server lives on.
    await send(Buffer.concat([Buffer.from(upgrade, 'latin1'), Buffer.from([0x81, 0x02, 0x68, 0x69])]))
    expect(await send('GET http://[x/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    expect((await fetch(server.url)).status).toBe(200)
  })

  it('serves only its owner: every HTTP and WebSocket request needs the token of the URL it printed', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/)
    expect((await fetch(`${origin}/`)).status).toBe(403)
    expect((await fetch(`${origin}/assets/app.js`)).status).toBe(403)
    expect((await fetch(`${origin}/?token=${token.slice(1)}x`)).status).toBe(403)
    await expect(connect(origin, '')).rejects.toThrow('HTTP 403')
    await expect(connect(origin, `${token}x`)).rejects.toThrow('HTTP 403')
    // The page's own requests (scripts, styles) carry the cookie the first visit set.
    const page = await fetch(server.url)
    const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    expect((await fetch(`${origin}/assets/app.js`, { headers: { cookie } })).status).toBe(200)
  })

  it('checks output and import paths by the rules of the platform it runs on, and writes only inside the data folder and chosen folders', async () => {
    const ws = await connect(origin)
    const book = { title: 'T', pages: [] }
    const outside = join(mkdtempSync(join(tmpdir(), 'tw-elsewhere-')), 'x.pdf')
    const refusals = process.platform === 'win32' ? [outside] : ['C:\\evil.pdf', '\\\\server\\share\\x.pdf', outside]
    for (const [index, out] of refusals.entries()) {
      expect(await request(ws, { id: index, call: 'book.export', input: { book, out } }), out).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    }
    expect(await request(ws, { id: 9, call: 'packs.import', input: { path: 'C:\\packs\\x.zip' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    ws.close()
  })

  it('keeps answering while a large scene edit runs (100 characters with long descriptions in every scene): its event loop never stalls', async () => {
    const characters = Array.from({ length: 100 }, (_, i) => ({
      name: `Char${i}`,
      description: 'a tall person with a red hat, a long green coat and a lantern that glows in the dark '.repeat(20).slice(0, 2000),
      seed: i,
      aliases: [],
    }))
    const story = 'Once upon a time Char1 met Char2 in the woods. '.repeat(4000)
    const scenes = Array.from({ length: 200 }, (_, i) => ({
      id: `s${i}`,
      span: { start: i * 47, end: i * 47 + 47 },
      title: `Scene ${i}`,
      characters: characters.map((character) => character.name),
      setting: 'in the woods',
      action: 'Char1 meeting Char2',
      prompt: 'p',
      negativePrompt: 'n',
      promptEdited: false,
      seed: i,
    }))
    const board = { style: 'watercolor', characters, scenes }
    const ws = await connect(origin)
    // A quick edit of the same board first: it starts the worker thread and warms up parsing.
    expect(await request(ws, { id: 0, call: 'scenes.edit', input: { story, board, edit: { op: 'set-prompt', sceneId: 's0', prompt: 'x' } } })).toMatchObject({ ok: true })
    const idle = watchEventLoopLag()
    await new Promise((resolve) => setTimeout(resolve, 500))
    const baseline = idle.stop().maxMs
    const lag = watchEventLoopLag()
    const answer = await request(ws, { id: 1, call: 'scenes.edit', input: { story, board, edit: { op: 'set-character', name: 'Char5', description: 'a fox' } } })
    const { maxMs } = lag.stop()
    expect(answer, JSON.stringify(answer).slice(0, 300)).toMatchObject({ id: 1, ok: true })
    // Parsing and checking the request (and this test's own client) take a few hundred milliseconds of this thread on a loaded machine; the edit, minutes on one thread, runs elsewhere.
    expect(maxMs, `lag ${maxMs} ms (idle ${baseline} ms)`).toBeLessThan(baseline + 750)
    ws.close()
  })

  it('drops a client whose message is far beyond the cap, and serves the others', async () => {
    const ws = await connect(origin)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(JSON.stringify({ id: 1, call: 'jobs.list', input: { padding: 'x'.repeat(40 * 2 ** 20) } }))
    expect(await closed).toBe(1009)
    const other = await connect(origin)
    expect(await request(other, { id: 2, call: 'jobs.list', input: {} })).toEqual({ id: 2, ok: true, value: [] })
    other.close()
  })
})
