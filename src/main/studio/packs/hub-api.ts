/**
 * The model hub's metadata API (Hugging Face's, or a server that speaks it): the files of a
 * repository at a revision with their sizes and hashes, which every download is checked against.
 */
import { request, type Dispatcher } from 'undici'
import { z } from 'zod'
import { ContractError } from '../../../shared/errors'

export const DEFAULT_HUB_URL = 'https://huggingface.co'

/** The hub's base URL: an explicit option, else TALEWEAVER_HUB_URL, else huggingface.co. */
export function hubBaseUrl(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(explicit ?? env.TALEWEAVER_HUB_URL ?? DEFAULT_HUB_URL)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ContractError('invalid-input', `The hub URL ${url.href} is not http(s).`)
  return url.href.replace(/\/+$/, '')
}

export interface HubFile {
  /** Path in the repository (POSIX). */
  path: string
  size: number
  /** sha256 of the content, for files kept in LFS. */
  sha256?: string
  /** Git blob id (sha1 of "blob <size>\0" + content), for files kept in git itself. */
  gitBlobId?: string
}

export interface HubModel {
  repo: string
  /** The commit the revision pointed to, so every file comes from the same snapshot. */
  commit: string
  files: HubFile[]
  licence?: string
}

const Sibling = z.object({
  rfilename: z.string().min(1).max(1024),
  size: z.int().min(0).max(2 ** 50).optional(),
  blobId: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  lfs: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.int().min(0).max(2 ** 50) }).optional(),
})

const ModelInfo = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  siblings: z.array(Sibling).max(100_000),
  cardData: z.object({ license: z.union([z.string(), z.array(z.string())]).optional() }).loose().nullish(),
})

/** Largest metadata answer read (a repository listing with tens of thousands of files fits). */
const MAX_INFO_BYTES = 32 * 1024 * 1024

export interface HubRequest {
  hubUrl: string
  repo: string
  revision: string
  token?: string
  dispatcher: Dispatcher
  signal?: AbortSignal
}

/** Bearer authorization for gated or private repositories. */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {}
}

/** Lists a repository's files at a revision (`/api/models/{repo}/revision/{rev}?blobs=true`). */
/** Whether a failure is a connection that sent nothing for the stall timeout (undici's timeouts). */
export function isStall(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
}

/** A network failure in words; a stalled connection says so rather than undici's timeout code. */
export function describeNetworkError(error: unknown): string {
  return isStall(error) ? 'the connection stalled: no data arrived for too long' : (error as Error).message
}

export async function fetchHubModel(options: HubRequest): Promise<HubModel> {
  const url = `${options.hubUrl}/api/models/${options.repo}/revision/${encodeURIComponent(options.revision)}?blobs=true`
  let response: Dispatcher.ResponseData
  try {
    response = await request(url, {
      dispatcher: options.dispatcher,
      headers: { accept: 'application/json', ...authHeaders(options.token) },
      signal: options.signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ContractError('io', `Could not reach the model hub at ${options.hubUrl} (${describeNetworkError(error)}).`)
  }
  if (response.statusCode !== 200) {
    await response.body.dump()
    throw hubError(response.statusCode, `${options.repo} at ${options.revision}`)
  }
  const text = await readLimited(response.body, MAX_INFO_BYTES)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ContractError('io', 'The model hub answered with something that is not JSON.')
  }
  const parsed = ModelInfo.safeParse(json)
  if (!parsed.success) throw new ContractError('io', `The model hub's file list for ${options.repo} is not in the expected form.`)
  const files = parsed.data.siblings.map((sibling) => ({
    path: sibling.rfilename,
    size: sibling.lfs?.size ?? sibling.size ?? -1,
    sha256: sibling.lfs?.sha256,
    gitBlobId: sibling.lfs ? undefined : sibling.blobId,
  }))
  const license = parsed.data.cardData?.license
  return {
    repo: options.repo,
    commit: parsed.data.sha ?? options.revision,
    files,
    licence: Array.isArray(license) ? license.join(', ') : license,
  }
}

/** The URL of one file of a repository at a commit. */
export function fileUrl(hubUrl: string, repo: string, commit: string, path: string): string {
  return `${hubUrl}/${repo}/resolve/${encodeURIComponent(commit)}/${path.split('/').map(encodeURIComponent).join('/')}`
}

/** Maps a hub status to an error a person can act on. */
export function hubError(status: number, what: string): ContractError {
  if (status === 401 || status === 403) {
    return new ContractError('invalid-input', `The hub refused access to ${what} (HTTP ${status}): it may be gated or private; accept its terms on the hub and pass a token (--token or HF_TOKEN).`)
  }
  if (status === 404) return new ContractError('not-found', `The hub has no ${what} (HTTP 404); check the repository id and revision.`)
  return new ContractError('io', `The hub answered HTTP ${status} for ${what}; try again later.`, { status })
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      throw new ContractError('io', 'The model hub sent a file list larger than expected.')
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
