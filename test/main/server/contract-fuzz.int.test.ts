import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startStudioServer, type StudioServer } from '../../../src/main/server/studio-server'
import { createStudio, type Studio } from '../../../src/main/studio/core/studio'
import { callNames } from '../../../src/shared/contract'
import { ContractError, errorCodes } from '../../../src/shared/errors'
import { watchEventLoopLag } from './event-loop-lag'

const PAYLOADS = 10_000
/** Requests in flight at once: enough to keep the server busy, few enough to keep the socket orderly. */
const IN_FLIGHT = 20

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void
/**
 * The process's memory after a full collection: the JavaScript heap, and the resident set (RSS),
 * which also counts the worker thread, buffers and native allocations the heap does not show.
 */
const memoryAfterGc = () => {
  collectGarbage()
  const { heapUsed, rss } = process.memoryUsage()
  return { heapUsed, rss }
}
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`

let studio: Studio
let server: StudioServer
let socket: WebSocket
const previousHub = process.env.TALEWEAVER_HUB_URL

beforeAll(async () => {
  // Nothing in this test may reach the network: a fuzzed download meets a closed local port.
  process.env.TALEWEAVER_HUB_URL = 'http://127.0.0.1:9'
  const rendererDir = mkdtempSync(join(tmpdir(), 'tw-fuzz-renderer-'))
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>')
  const noPacks = async (): Promise<never> => {
    throw new ContractError('not-found', 'no packs in this test')
  }
  studio = createStudio({
    dataDir: mkdtempSync(join(tmpdir(), 'tw-fuzz-data-')),
    packs: { resolve: noPacks, openFolder: noPacks },
    writableFolders: [],
    pdfPrinter: { print: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
  })
  server = await startStudioServer({ studio, rendererDir })
  const { origin, searchParams } = new URL(server.url)
  socket = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${searchParams.get('token')}`, { origin })
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
})
afterAll(async () => {
  socket?.close()
  await server?.close()
  await studio?.close()
  if (previousHub === undefined) delete process.env.TALEWEAVER_HUB_URL
  else process.env.TALEWEAVER_HUB_URL = previousHub
})

/** Payloads near each call's shape (so handlers run, not only the schemas) and far from it. */
const nearShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ story: fc.string({ maxLength: 3000 }), count: fc.option(fc.integer({ min: -2, max: 30 }), { nil: undefined }) }),
  fc.record({ book: fc.record({ title: fc.string({ maxLength: 200 }), pages: fc.array(fc.record({ text: fc.string({ maxLength: 2000 }) }), { maxLength: 8 }) }) }),
  fc.record({ book: fc.record({ title: fc.string(), pages: fc.constant([]) }), out: fc.oneof(fc.string(), fc.constantFrom('C:\\evil.pdf', '\\\\server\\share\\x.pdf', '/tmp/x.pdf')) }),
  fc.record({ id: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), fc.string()), document: fc.record({ title: fc.string({ maxLength: 100 }), story: fc.string({ maxLength: 1000 }) }) }),
  fc.record({ prompt: fc.string({ maxLength: 500 }), width: fc.integer({ min: -64, max: 4096 }), height: fc.integer({ min: -64, max: 4096 }) }),
  fc.record({ path: fc.string(), repo: fc.string(), jobId: fc.string(), id: fc.string(), text: fc.string() }),
)
const payload = fc.record({
  call: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...callNames) }, { weight: 1, arbitrary: fc.oneof(fc.string(), fc.anything()) }),
  input: fc.oneof(nearShape, fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value ?? null)) as unknown)),
})

/** Cancels what the payloads started (book exports, project jobs), so it holds no memory. */
const cancelJobs = () => studio.call('jobs.list', {}).then((jobs) => Promise.all(jobs.map((job) => studio.call('jobs.cancel', { jobId: job.jobId }).catch(() => undefined))))

describe('the contract under fuzzing, over the WebSocket', () => {
  it(`answers ${PAYLOADS} generated payloads with results or typed errors, its event loop and memory steady`, async () => {
    const samples = fc.sample(payload, { numRuns: PAYLOADS, seed: 18 })
    // Warmed up with as many other payloads: every call's first use (the worker thread, the word
    // lists and segmenters it loads, lazily compiled code) is start-up, not growth.
    const warmUp = fc.sample(payload, { numRuns: PAYLOADS, seed: 17 })
    const pending = new Map<number, (answer: { ok: boolean; error?: { code: string; message: string } }) => void>()
    socket.on('message', (data) => {
      const answer = JSON.parse(String(data))
      if (typeof answer.id !== 'number') return
      pending.get(answer.id)?.(answer)
      pending.delete(answer.id)
    })
    const ask = (id: number, message: unknown) =>
      new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, ...(message as object) }))
      })

    for (let start = 0; start < warmUp.length; start += IN_FLIGHT) {
      await Promise.all(warmUp.slice(start, start + IN_FLIGHT).map((sample, offset) => ask(-1 - start - offset, sample)))
    }
    await cancelJobs()
    const atStart = memoryAfterGc()
    const idle = watchEventLoopLag()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const idleLag = idle.stop().maxMs
    const lag = watchEventLoopLag()
    const untyped: string[] = []
    const counts: Record<string, number> = {}
    for (let start = 0; start < samples.length; start += IN_FLIGHT) {
      const answers = await Promise.all(samples.slice(start, start + IN_FLIGHT).map((sample, offset) => ask(start + offset, sample)))
      for (const [offset, answer] of answers.entries()) {
        const code = answer.ok ? 'ok' : (answer.error?.code ?? 'none')
        counts[code] = (counts[code] ?? 0) + 1
        if (!answer.ok && (code === 'internal' || !(errorCodes as readonly string[]).includes(code))) {
          untyped.push(`${JSON.stringify(samples[start + offset]).slice(0, 200)} -> ${code}: ${answer.error?.message}`)
        }
      }
    }
    const { maxMs } = lag.stop()
    await cancelJobs()
    const atEnd = memoryAfterGc()
    const heapGrowth = atEnd.heapUsed - atStart.heapUsed
    const rssGrowth = atEnd.rss - atStart.rss
    console.info(
      `fuzz: ${PAYLOADS} payloads, answers ${JSON.stringify(counts)}, event-loop lag max ${maxMs.toFixed(0)} ms (idle ${idleLag.toFixed(0)} ms), ` +
        `heap ${megabytes(atStart.heapUsed)} -> ${megabytes(atEnd.heapUsed)} (growth ${megabytes(heapGrowth)}), RSS ${megabytes(atStart.rss)} -> ${megabytes(atEnd.rss)} (growth ${megabytes(rssGrowth)})`,
    )
    expect(untyped).toEqual([])
    expect(maxMs).toBeLessThan(200 + idleLag)
    expect(heapGrowth).toBeLessThan(50 * 2 ** 20)
    expect(rssGrowth).toBeLessThan(50 * 2 ** 20)
  }, 600_000)
})
