/**
 * One file from the hub, streamed to `<file>.part` and renamed only once its hash matches.
 * A dropped connection resumes from the bytes already on disk (Range + If-Range, so a file
 * that changed on the server starts over); a server that ignores Range (200) starts over; a
 * full disk deletes the partial file.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { request, type Dispatcher } from 'undici'
import { ContractError } from '../../../shared/errors'
import { describeNetworkError, hubError, isStall } from './hub-api'

export interface ExpectedFile {
  size: number
  sha256?: string
  gitBlobId?: string
}

export interface DownloadFileOptions {
  url: string
  /** Final path; the bytes go to `${target}.part` until verified. */
  target: string
  expected: ExpectedFile
  headers?: Record<string, string>
  dispatcher: Dispatcher
  signal?: AbortSignal
  /** Called with each chunk's size as it is written (and with negative sizes when a restart discards bytes). */
  onBytes?: (bytes: number) => void
  /** Connection attempts before giving up (each resumes where the last stopped). */
  maxAttempts?: number
  /** First pause between attempts; doubles each time. */
  retryDelayMs?: number
  /** Called when a connection failed or stalled and another attempt follows (after `delayMs`). */
  onRetry?: (retry: DownloadRetry) => void
}

/** A connection that failed or stalled, and the attempt that follows. */
export interface DownloadRetry {
  /** The attempt about to start (2 for the first retry). */
  attempt: number
  maxAttempts: number
  /** What happened, for a person (`the connection stalled: no data arrived for too long`). */
  reason: string
  /** The connection sent nothing for the stall timeout (rather than failing outright). */
  stalled: boolean
  delayMs: number
}

/** Validators of a partial file, so a resume only continues bytes of the same version. */
interface PartMeta {
  etag?: string
  lastModified?: string
}

/** Statuses worth another try: the server or a proxy in between had a moment. */
const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504])

/**
 * Downloads one file, resuming and retrying as needed.
 * @returns the file's sha256 (verified against `expected` before the rename).
 */
export async function downloadFile(options: DownloadFileOptions): Promise<string> {
  const { target, expected } = options
  const part = `${target}.part`
  const metaPath = `${target}.part.json`
  const existing = await stat(target).catch(() => null)
  if (existing?.isFile() && existing.size === expected.size) {
    // Finished by an earlier run: keep it if it still verifies.
    const hashes = newHashes(expected)
    await hashPrefix(target, expected.size, hashes)
    const sha256 = verify(hashes, expected)
    if (sha256) {
      options.onBytes?.(expected.size)
      return sha256
    }
  }
  await rm(target, { force: true })

  const maxAttempts = options.maxAttempts ?? 6
  let pause = options.retryDelayMs ?? 500
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted()
    let reason = 'the connection ended early'
    let stalled = false
    try {
      const finished = await attemptDownload(options, part, metaPath)
      if (finished) break
    } catch (error) {
      reason = describeNetworkError(error)
      stalled = isStall(error)
      if (!isTransient(error) || attempt >= maxAttempts) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
          await rm(part, { force: true })
          await rm(metaPath, { force: true })
          throw new ContractError('io', `The disk filled up while downloading ${target}; the partial file was deleted. Free some space and try again.`)
        }
        if (error instanceof ContractError || (error as Error).name === 'AbortError') throw error
        throw keptStopping(options.url, describeNetworkError(error))
      }
    }
    if (attempt >= maxAttempts) throw keptStopping(options.url, 'the connection ended early')
    options.onRetry?.({ attempt: attempt + 1, maxAttempts, reason, stalled, delayMs: pause })
    await delay(pause, undefined, { signal: options.signal })
    pause *= 2
  }

  const hashes = newHashes(expected)
  await hashPrefix(part, expected.size, hashes)
  const sha256 = verify(hashes, expected)
  if (!sha256) {
    await rm(part, { force: true })
    await rm(metaPath, { force: true })
    options.onBytes?.(-expected.size)
    throw new ContractError('pack-invalid', `${options.url} arrived damaged (its hash does not match the hub's); the partial file was deleted. Try again.`)
  }
  await rename(part, target)
  await rm(metaPath, { force: true })
  return sha256
}

/**
 * One request. Returns true once the part file holds exactly the expected size; false when
 * the connection ended early (the caller tries again from where it stopped).
 */
async function attemptDownload(options: DownloadFileOptions, part: string, metaPath: string): Promise<boolean> {
  const { expected } = options
  let offset = (await stat(part).catch(() => null))?.size ?? 0
  if (offset > expected.size) {
    options.onBytes?.(-offset)
    await rm(part, { force: true })
    offset = 0
  }
  if (offset === expected.size) return true
  const meta = offset > 0 ? await readMeta(metaPath) : {}
  const headers: Record<string, string> = { ...options.headers }
  if (offset > 0) {
    headers.range = `bytes=${offset}-`
    const validator = meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.lastModified
    if (validator) headers['if-range'] = validator
  }
  const response = await request(options.url, { dispatcher: options.dispatcher, headers, signal: options.signal })
  const status = response.statusCode
  let append: boolean
  if (status === 206 && contentRangeStart(response.headers['content-range']) === offset) append = true
  else if (status === 200 || status === 206) {
    // The server sent the whole file (it ignores Range, or the file changed): start over.
    append = false
  } else if (status === 416) {
    await response.body.dump()
    options.onBytes?.(-offset)
    await rm(part, { force: true })
    return false
  } else {
    await response.body.dump()
    const error = hubError(status, options.url)
    if (RETRY_STATUSES.has(status)) throw Object.assign(error, { transient: true })
    throw error
  }
  if (status === 206 && !append) {
    // A range we did not ask for: drop it and fetch the whole file on the next attempt.
    await response.body.dump()
    options.onBytes?.(-offset)
    await rm(part, { force: true })
    return false
  }
  if (!append && offset > 0) {
    options.onBytes?.(-offset)
    offset = 0
  }
  await writeMeta(metaPath, { etag: header(response.headers.etag), lastModified: header(response.headers['last-modified']) })
  let received = offset
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length
      if (received > expected.size) return callback(new ContractError('pack-invalid', `${options.url} is larger than the hub said.`))
      options.onBytes?.(chunk.length)
      callback(null, chunk)
    },
  })
  await pipeline(response.body, counter, createWriteStream(part, { flags: append ? 'a' : 'w' }), { signal: options.signal })
  return received === expected.size
}

/** What a person sees when the network keeps failing: the bytes so far are kept for the next try. */
function keptStopping(url: string, reason: string): ContractError {
  return new ContractError('io', `The download of ${url} kept failing (${reason}); what arrived is kept, and downloading again resumes from there.`)
}

/** Network failures and retryable statuses are worth another attempt; the rest are not. */
function isTransient(error: unknown): boolean {
  if (error instanceof ContractError) return (error as ContractError & { transient?: boolean }).transient === true
  if ((error as Error).name === 'AbortError') return false
  const code = (error as NodeJS.ErrnoException).code ?? ''
  return code !== 'ENOSPC' && code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM'
}

function contentRangeStart(value: string | string[] | undefined): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header(value) ?? '')
  return match ? Number(match[1]) : null
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

async function readMeta(path: string): Promise<PartMeta> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as PartMeta
    return { etag: typeof value.etag === 'string' ? value.etag : undefined, lastModified: typeof value.lastModified === 'string' ? value.lastModified : undefined }
  } catch {
    return {}
  }
}

async function writeMeta(path: string, meta: PartMeta): Promise<void> {
  await writeFile(path, JSON.stringify(meta))
}

interface Hashes {
  sha256: Hash
  gitBlob?: Hash
}

function newHashes(expected: ExpectedFile): Hashes {
  const hashes: Hashes = { sha256: createHash('sha256') }
  if (expected.gitBlobId) {
    hashes.gitBlob = createHash('sha1')
    hashes.gitBlob.update(`blob ${expected.size}\0`)
  }
  return hashes
}

async function hashPrefix(path: string, size: number, hashes: Hashes): Promise<void> {
  if (size === 0) return
  for await (const chunk of createReadStream(path, { start: 0, end: size - 1, highWaterMark: 1 << 20 })) {
    hashes.sha256.update(chunk as Buffer)
    hashes.gitBlob?.update(chunk as Buffer)
  }
}

/** The sha256 when every expected hash matches, else null. */
function verify(hashes: Hashes, expected: ExpectedFile): string | null {
  const sha256 = hashes.sha256.digest('hex')
  if (expected.sha256 && sha256 !== expected.sha256) return null
  if (hashes.gitBlob && hashes.gitBlob.digest('hex') !== expected.gitBlobId) return null
  return sha256
}
