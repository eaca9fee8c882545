import { existsSync } from 'node:fs'
import { inspectInProcess } from './pack-folders'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, interceptors } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { downloadFile } from '../../../../src/main/studio/packs/download-file'
import { downloadPack, type DownloadOptions } from '../../../../src/main/studio/packs/download-pack'
import type { PackInstallProgress } from '../../../../src/shared/contract'
import type { InstallContext } from '../../../../src/main/studio/packs/install-pack'
import { PackRegistry } from '../../../../src/main/studio/packs/registry'
import { FakeHub, type FakeRepo } from './fake-hub'
import { gpt2SignatureModel } from '../../formats/onnx/model-files'

let root: string
let registry: PackRegistry
let hub: FakeHub
let progress: PackInstallProgress[]

/** A model with an unknown length-delimited field appended: still a valid model, `extra` bytes larger. */
function padModel(model: Uint8Array, extra: number, tag: number): Buffer {
  const length: number[] = []
  for (let n = extra; ; n = Math.floor(n / 128)) {
    length.push(n >= 128 ? (n % 128) | 0x80 : n)
    if (n < 128) break
  }
  return Buffer.concat([Buffer.from(model), Buffer.from([0x7a, ...length]), Buffer.alloc(extra - 1, 0), Buffer.from([tag])])
}

/** A transformers.js-style GPT-2 repository with three weight variants (told apart by their last byte). */
function gpt2Repo(overrides: Partial<FakeRepo> = {}): FakeRepo {
  const model = gpt2SignatureModel()
  return {
    commit: 'c'.repeat(40),
    lfs: (path) => path.endsWith('.onnx'),
    licence: 'mit',
    files: {
      'config.json': JSON.stringify({ model_type: 'gpt2', n_layer: 1 }),
      'generation_config.json': JSON.stringify({ temperature: 0.7 }),
      'tokenizer.json': JSON.stringify({ model: { type: 'BPE' } }),
      'onnx/model.onnx': padModel(model, 50_000, 32),
      'onnx/model_fp16.onnx': padModel(model, 20_000, 16),
      'onnx/model_quantized.onnx': padModel(model, 10_000, 8),
      'pytorch_model.bin': 'not wanted',
      'README.md': '# tiny',
    },
    ...overrides,
  }
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tw-download-'))
  registry = new PackRegistry({ dataDir: join(root, 'data'), resourcesDir: join(root, 'resources'), inspect: inspectInProcess })
  hub = new FakeHub()
  progress = []
})
afterEach(async () => {
  await hub.stop()
  await rm(root, { recursive: true, force: true })
})

const context = (): InstallContext => ({
  registry,
  signal: new AbortController().signal,
  inspect: inspectInProcess,
  progress: (update) => progress.push(update),
})

const options = (extra: DownloadOptions = {}): DownloadOptions => ({
  hubUrl: hub.url,
  retryDelayMs: 1,
  env: {},
  freeSpace: async () => 10 * 2 ** 30,
  ...extra,
})

/** The offset a Range header resumes from (at most what the server sent before dropping). */
function resumedFrom(range: string | undefined): number {
  const offset = Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? NaN)
  expect(offset).toBeLessThanOrEqual(30_000)
  return offset
}

const listing = async () => (await readdir(root, { recursive: true })).sort()

describe('downloadPack', () => {
  it('downloads the chosen variant under the plain name, with its configs, and records the source', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo()).start()
    const { entry, notices } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp16' }, context(), options())
    expect(entry.manifest).toMatchObject({
      id: 'tiny-gpt-fp16',
      kind: 'text',
      licence: 'mit',
      source: { repo: 'owner/tiny-gpt', revision: 'c'.repeat(40), variant: 'fp16' },
      defaults: { temperature: 0.7 },
    })
    expect(entry.manifest.files.map((f) => f.path)).toEqual(['README.md', 'config.json', 'generation_config.json', 'onnx/model.onnx', 'tokenizer.json'])
    const model = await readFile(join(entry.dir, 'onnx/model.onnx'))
    expect(model.at(-1)).toBe(16)
    expect(notices.join(' ')).not.toMatch(/offers/)
    expect(hub.requests.some((r) => r.url.includes('pytorch_model'))).toBe(false)
    // LFS files came through the redirect to the CDN path.
    expect(hub.requests.some((r) => r.url.startsWith('/cdn/'))).toBe(true)
    const last = progress.filter((p) => p.stage === 'download').at(-1)!
    expect(last.step).toBe(last.total)
    expect(last.detail).toMatchObject({ bytesPerSecond: expect.any(Number), etaSeconds: expect.any(Number) })
    expect(await readdir(registry.installedRoot)).toEqual(['tiny-gpt-fp16'])
  })

  it('picks fp32 when several variants exist and none is asked for, and says so', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo()).start()
    const { entry, notices } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main' }, context(), options())
    expect(entry.manifest.id).toBe('tiny-gpt')
    expect(notices.join(' ')).toMatch(/offers fp32, fp16, quantized/)
    await expect(downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'quantized' }, context(), options())).resolves.toBeTruthy()
    // The same pack again is refused before any file is fetched.
    hub.requests.length = 0
    await expect(downloadPack({ repo: 'owner/tiny-gpt', revision: 'main' }, context(), options())).rejects.toMatchObject({ code: 'invalid-input', message: /already installed/ })
    expect(hub.requests.every((r) => r.url.startsWith('/api/'))).toBe(true)
  })

  it('resumes a dropped connection with Range and If-Range', async () => {
    const repo = gpt2Repo({ behaviours: { 'onnx/model.onnx': { dropAfter: 30_000 } } })
    await hub.add('owner/tiny-gpt', repo).start()
    const { entry } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options())
    const cdn = hub.requests.filter((r) => r.url.startsWith('/cdn/') && r.url.endsWith('model.onnx'))
    expect(cdn).toHaveLength(2)
    expect(resumedFrom(cdn[1].range)).toBeGreaterThan(0)
    expect(cdn[1].ifRange).toMatch(/^"[0-9a-f]{64}"$/)
    expect(await readFile(join(entry.dir, 'onnx/model.onnx'))).toEqual(Buffer.from(repo.files['onnx/model.onnx']))
  })

  it('says so while it retries after a drop or a stall, then goes on from where it stopped', async () => {
    const repo = gpt2Repo({ behaviours: { 'onnx/model.onnx': { stallAfter: 20_000 }, 'tokenizer.json': { dropAfter: 10 } } })
    await hub.add('owner/tiny-gpt', repo).start()
    const { entry } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options({ stallTimeoutMs: 300 }))
    const retries = progress.filter((update) => update.detail?.retryCause)
    expect(retries.map((update) => [update.detail?.file, update.detail?.retryCause, update.detail?.retryAttempt, update.detail?.retryAttempts])).toEqual([
      ['tokenizer.json', 'failure', 2, 6],
      ['onnx/model.onnx', 'stall', 2, 6],
    ])
    expect(retries[1]!.detail?.retryReason).toBe('the connection stalled: no data arrived for too long')
    // The stalled file resumed from the bytes that had arrived.
    const cdn = hub.requests.filter((r) => r.url.startsWith('/cdn/') && r.url.endsWith('model.onnx'))
    expect(resumedFrom(cdn[1]!.range)).toBeGreaterThan(0)
    expect(await readFile(join(entry.dir, 'onnx/model.onnx'))).toEqual(Buffer.from(repo.files['onnx/model.onnx']))
  })

  it('keeps what arrived when it gives up, and the next download resumes from there', async () => {
    const repo = gpt2Repo({ behaviours: { 'onnx/model.onnx': { dropAfter: 5_000, times: 100 } } })
    await hub.add('owner/tiny-gpt', repo).start()
    await expect(downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options())).rejects.toMatchObject({ code: 'io' })
    expect((await registry.list()).length).toBe(0)
    // How much arrived depends on timing; the partial file says, and the resume must start there.
    const part = (await readdir(registry.installedRoot, { recursive: true })).find((path) => path.endsWith('model.onnx.part'))!
    const kept = (await stat(join(registry.installedRoot, part))).size
    expect(kept).toBeGreaterThan(0)
    delete repo.behaviours!['onnx/model.onnx']
    hub.requests.length = 0
    const { entry } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options())
    const cdn = hub.requests.filter((r) => r.url.startsWith('/cdn/') && r.url.endsWith('model.onnx'))
    expect(cdn).toHaveLength(1)
    expect(cdn[0].range).toBe(`bytes=${kept}-`)
    // Files finished in the first run are not fetched again.
    expect(hub.requests.filter((r) => r.url.endsWith('config.json'))).toHaveLength(0)
    expect(await readFile(join(entry.dir, 'onnx/model.onnx'))).toEqual(Buffer.from(repo.files['onnx/model.onnx']))
    expect(await readdir(registry.installedRoot)).toEqual(['tiny-gpt'])
  })

  it('gives up on a hub that accepts the connection and never answers, saying it stalled', async () => {
    const held: Socket[] = []
    const silent = createServer(() => {
      // Never answers.
    }).on('connection', (socket) => held.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    try {
      const attempt = downloadPack({ repo: 'owner/tiny-gpt', revision: 'main' }, context(), options({ hubUrl: `http://127.0.0.1:${port}`, stallTimeoutMs: 300 }))
      await expect(attempt).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('stalled') })
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('restarts cleanly when the server ignores Range', async () => {
    const repo = gpt2Repo({ behaviours: { 'onnx/model.onnx': { dropAfter: 30_000, ignoreRange: true } } })
    await hub.add('owner/tiny-gpt', repo).start()
    const { entry } = await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options())
    const cdn = hub.requests.filter((r) => r.url.startsWith('/cdn/') && r.url.endsWith('model.onnx'))
    expect(resumedFrom(cdn[1].range)).toBeGreaterThan(0)
    expect(await readFile(join(entry.dir, 'onnx/model.onnx'))).toEqual(Buffer.from(repo.files['onnx/model.onnx']))
  })

  it('rejects a flipped byte and deletes the partial file', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo({ behaviours: { 'onnx/model.onnx': { flipByte: true } } })).start()
    await expect(downloadPack({ repo: 'owner/tiny-gpt', revision: 'main', variant: 'fp32' }, context(), options())).rejects.toMatchObject({
      code: 'pack-invalid',
      message: /damaged/,
    })
    const left = await readdir(registry.installedRoot, { recursive: true })
    expect(left.filter((path) => path.endsWith('.part') || path.endsWith('model.onnx'))).toEqual([])
    expect((await registry.list()).length).toBe(0)
  })

  it('reports too little disk space before writing anything', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo()).start()
    const before = await listing()
    await expect(downloadPack({ repo: 'owner/tiny-gpt', revision: 'main' }, context(), options({ freeSpace: async () => 4096 }))).rejects.toMatchObject({
      code: 'io',
      message: /Not enough disk space/,
    })
    expect(await listing()).toEqual(before)
    expect(hub.requests.every((r) => r.url.startsWith('/api/'))).toBe(true)
  })

  it('sends a token for gated repositories, from the request or HF_TOKEN', async () => {
    await hub.add('owner/gated', gpt2Repo({ token: 'secret' })).start()
    await expect(downloadPack({ repo: 'owner/gated', revision: 'main' }, context(), options())).rejects.toMatchObject({ code: 'invalid-input', message: /token/ })
    await downloadPack({ repo: 'owner/gated', revision: 'main', variant: 'fp16' }, context(), options({ env: { HF_TOKEN: 'secret' } }))
    await downloadPack({ repo: 'owner/gated', revision: 'main', token: 'secret' }, context(), options())
    expect(hub.requests.filter((r) => r.url.startsWith('/owner/gated/resolve/')).every((r) => r.authorization === 'Bearer secret')).toBe(true)
    // The token never follows a redirect to another host; here the CDN is the same host, so it may.
  })

  it('refuses repositories of other model types before fetching their weights', async () => {
    const repo = gpt2Repo()
    repo.files['config.json'] = JSON.stringify({ model_type: 'llama' })
    await hub.add('owner/llama', repo).start()
    await expect(downloadPack({ repo: 'owner/llama', revision: 'main' }, context(), options())).rejects.toMatchObject({ code: 'unsupported' })
    expect(hub.requests.some((r) => r.url.includes('.onnx'))).toBe(false)
  })

  it('goes through the proxy named by HTTP_PROXY', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo()).start()
    // A minimal CONNECT proxy: undici tunnels every proxied request.
    const tunnels: string[] = []
    const proxy: Server = createServer()
    proxy.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(request.url ?? '')
      const [host, port] = (request.url ?? '').split(':')
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
      await downloadPack({ repo: 'owner/tiny-gpt', revision: 'main' }, context(), options({ env: { HTTP_PROXY: proxyUrl, NO_PROXY: '' } }))
      expect(tunnels.length).toBeGreaterThan(0)
      expect(tunnels.every((target) => target === new URL(hub.url).host)).toBe(true)
    } finally {
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
    }
  })
})

describe('downloadFile', () => {
  it.skipIf(!existsSync('/dev/full'))('deletes the partial file when the disk is full (ENOSPC from /dev/full)', async () => {
    await hub.add('owner/tiny-gpt', gpt2Repo()).start()
    const dir = join(root, 'files')
    await mkdir(dir, { recursive: true })
    const target = join(dir, 'model.onnx')
    // The partial file is a link to /dev/full: every write fails with ENOSPC, as on a full disk.
    await symlink('/dev/full', `${target}.part`)
    const content = Buffer.from(gpt2Repo().files['config.json'])
    const dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 2 }))
    await expect(
      downloadFile({
        url: `${hub.url}/owner/tiny-gpt/resolve/${'c'.repeat(40)}/config.json`,
        target,
        expected: { size: content.length },
        dispatcher,
        retryDelayMs: 1,
      }),
    ).rejects.toMatchObject({ code: 'io', message: /disk filled up/ })
    expect(await readdir(dir)).toEqual([])
    await dispatcher.close()
  })
})
