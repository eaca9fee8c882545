import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as connectTcp } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startStudioServer, type StudioServer } from '../../../src/main/server/studio-server'
import { createStudio, type Studio } from '../../../src/main/studio/core/studio'
import { ContractError } from '../../../src/shared/errors'

let studio: Studio
let server: StudioServer
const rendererDir = mkdtempSync(join(tmpdir(), 'tw-renderer-'))

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>')
  writeFileSync(join(rendererDir, 'assets/app.js'), 'console.log(1)')
  const noPacks = async (): Promise<never> => {
    throw new ContractError('not-found', 'no packs in this test')
  }
  studio = createStudio({ dataDir: mkdtempSync(join(tmpdir(), 'tw-data-')), packs: { resolve: noPacks, openFolder: noPacks } })
  server = await startStudioServer({ studio, rendererDir })
})
afterAll(async () => {
  await server.close()
  await studio.close()
})

function connect(origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api`, origin ? { origin } : {})
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
    const page = await fetch(`${server.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval')
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toContain('javascript')
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404)
  })

  it('serves project pictures at the paths of their app:// URLs, and no other project file', async () => {
    const created = await studio.call('projects.create', { title: 'Served', story: 'A fox.' })
    const pictures = join(studio.dataDir, 'projects', created.id, 'pictures')
    mkdirSync(pictures)
    writeFileSync(join(pictures, 'pic-a.png'), 'png bytes')
    const picture = await fetch(`${server.url}/projects/${created.id}/pictures/pic-a.png`)
    expect(picture.status).toBe(200)
    expect(picture.headers.get('content-type')).toBe('image/png')
    expect(await picture.text()).toBe('png bytes')
    expect((await fetch(`${server.url}/projects/${created.id}/project.json`)).status).toBe(404)
    expect((await fetch(`${server.url}/projects/${created.id}/pictures/%2e%2e/project.json`)).status).toBe(404)
  })

  it('answers contract calls over the WebSocket with typed results and errors', async () => {
    const ws = await connect(server.url)
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
    const { port } = new URL(server.url)
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
      `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.url}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
    // An unmasked client frame is a protocol error: that client is dropped, the server lives on.
    await send(Buffer.concat([Buffer.from(upgrade, 'latin1'), Buffer.from([0x81, 0x02, 0x68, 0x69])]))
    expect(await send('GET http://[x/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    expect((await fetch(`${server.url}/`)).status).toBe(200)
  })
})
