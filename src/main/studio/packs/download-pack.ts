/**
 * Download of a pack from the model hub: the file list with sizes and hashes from the hub's
 * API, a variant chosen, the disk checked for room, every file streamed and verified into a
 * work folder that survives a failure (so the next try resumes), then the same install steps
 * as an import.
 */
import { createHash } from 'node:crypto'
import { mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { EnvHttpProxyAgent, interceptors, type Dispatcher } from 'undici'
import { ContractError } from '../../../shared/errors'
import type { PackVariant } from '../../../shared/pack-manifest'
import { ensureFreeSpace, statfsFreeSpace, type FreeSpaceProbe } from './disk-space'
import { downloadFile } from './download-file'
import { readConfigs, refuseOtherTextModels } from './export-layout'
import { authHeaders, fetchHubModel, fileUrl, hubBaseUrl } from './hub-api'
import { selectHubFiles, type PlannedFile } from './hub-variants'
import { slugId } from './derive-manifest'
import { installStagedPack, refuseTakenId, type InstallContext, type InstalledPack } from './install-pack'
import { TransferMeter } from './transfer-meter'
import { removeOldWork } from './work-folders'

export interface DownloadRequest {
  repo: string
  revision: string
  variant?: PackVariant
  /** Access token for gated repositories; else HF_TOKEN from the environment. */
  token?: string
}

export interface DownloadOptions {
  /** Hub base URL; else TALEWEAVER_HUB_URL, else huggingface.co. */
  hubUrl?: string
  freeSpace?: FreeSpaceProbe
  /** HTTP client; by default one that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  dispatcher?: Dispatcher
  retryDelayMs?: number
  /** A connection that sends no bytes for this long is dropped and tried again (resuming). */
  stallTimeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** No byte for this long and a connection counts as stalled. */
export const STALL_TIMEOUT_MS = 30_000

/** Download work folders untouched this long are abandoned and removed. */
const ABANDONED_DOWNLOAD_MS = 7 * 24 * 60 * 60 * 1000

/** Downloads and installs a pack; the result carries what was chosen and any notices. */
export async function downloadPack(request: DownloadRequest, context: InstallContext, options: DownloadOptions = {}): Promise<InstalledPack> {
  const env = options.env ?? process.env
  const hubUrl = hubBaseUrl(options.hubUrl, env)
  const token = request.token ?? (env.HF_TOKEN || undefined)
  const dispatcher = options.dispatcher ?? proxyAwareDispatcher(env, options.stallTimeoutMs ?? STALL_TIMEOUT_MS)
  const root = context.registry.installedRoot
  try {
    const model = await fetchHubModel({ hubUrl, repo: request.repo, revision: request.revision, token, dispatcher, signal: context.signal })
    const selection = selectHubFiles(model.files, request.variant)
    const unknown = selection.files.find((file) => file.size < 0 || (!file.sha256 && !file.gitBlobId))
    if (unknown) throw new ContractError('io', `The hub did not give the size and hash of ${unknown.path}; it cannot be verified.`)

    const name = request.repo.split('/')[1]
    const nameHint = selection.variant === 'fp32' ? name : `${name}-${selection.variant}`
    // Before any byte is fetched: a pack of that name would make the download useless.
    await refuseTakenId(slugId(nameHint), context.registry)

    const work = join(root, `.download-${workKey(request.repo, model.commit, selection.variant)}`)
    const content = join(work, 'content')
    const total = selection.files.reduce((sum, file) => sum + file.size, 0)
    const present = await bytesPresent(content, selection.files)
    // Checked before the first byte is written (the work folder included).
    await ensureFreeSpace(root, total - present, `${request.repo} (${selection.variant})`, options.freeSpace ?? statfsFreeSpace)
    await removeOldWork(root, ['.download-'], ABANDONED_DOWNLOAD_MS)
    await mkdir(content, { recursive: true })

    let current = ''
    const meter = new TransferMeter(total, (figures) =>
      context.progress?.({
        stage: 'download',
        step: figures.done,
        total: figures.total,
        detail: { bytesPerSecond: figures.bytesPerSecond, etaSeconds: figures.etaSeconds, file: current },
      }),
    )
    const knownHashes = new Map<string, string>()
    // Configs first: a repository of another model type is refused before its weights are fetched.
    const ordered = [...selection.files].sort((a, b) => Number(b.localPath.endsWith('.json')) - Number(a.localPath.endsWith('.json')))
    let checkedConfigs = false
    for (const file of ordered) {
      if (!checkedConfigs && !file.localPath.endsWith('.json')) {
        await refuseOtherModelTypes(content, selection.files)
        checkedConfigs = true
      }
      current = file.localPath
      const target = join(content, ...file.localPath.split('/'))
      await mkdir(dirname(target), { recursive: true })
      const sha256 = await downloadFile({
        url: fileUrl(hubUrl, request.repo, model.commit, file.path),
        target,
        expected: { size: file.size, sha256: file.sha256, gitBlobId: file.gitBlobId },
        headers: authHeaders(token),
        dispatcher,
        signal: context.signal,
        onBytes: (bytes) => meter.add(bytes),
        retryDelayMs: options.retryDelayMs,
        // Said at once: a person watching a bar that stopped learns why, and that it goes on by itself.
        onRetry: ({ attempt, maxAttempts, reason, stalled }) =>
          context.progress?.({ stage: 'download', step: meter.done, total, detail: { file: current, bytesPerSecond: 0, retryCause: stalled ? 'stall' : 'failure', retryReason: reason, retryAttempt: attempt, retryAttempts: maxAttempts } }),
      })
      knownHashes.set(file.localPath, sha256)
      meter.flush()
    }
    if (!checkedConfigs) await refuseOtherModelTypes(content, selection.files)

    try {
      const installed = await installStagedPack(
        {
          dir: content,
          nameHint,
          source: { repo: request.repo, revision: model.commit, variant: selection.variant },
          licence: model.licence,
          knownHashes,
        },
        context,
      )
      await rm(work, { recursive: true, force: true })
      return { ...installed, notices: [...selection.notices, ...installed.notices] }
    } catch (error) {
      // Verified files that do not make a valid pack will not get better by downloading again.
      if (error instanceof ContractError && (error.code === 'pack-invalid' || error.code === 'unsupported')) await rm(work, { recursive: true, force: true })
      throw error
    }
  } finally {
    if (!options.dispatcher) await dispatcher.close()
  }
}

/**
 * An HTTP client that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), follows the
 * hub's redirects to its file CDN (dropping the token when the host changes), and gives up on a
 * connection that sends nothing (no headers, or no body bytes) for `stallMs`.
 */
function proxyAwareDispatcher(env: NodeJS.ProcessEnv, stallMs: number): Dispatcher {
  const agent = new EnvHttpProxyAgent({
    headersTimeout: stallMs,
    bodyTimeout: stallMs,
    httpProxy: env.HTTP_PROXY ?? env.http_proxy ?? '',
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy ?? '',
    noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
  })
  return agent.compose(interceptors.redirect({ maxRedirections: 5 }))
}

/** One work folder per repository snapshot and variant, so an interrupted download resumes. */
function workKey(repo: string, commit: string, variant: string): string {
  return createHash('sha256').update(`${repo}\0${commit}\0${variant}`).digest('hex').slice(0, 16)
}

/** Bytes of the planned files already on disk from an earlier try (finished or partial). */
async function bytesPresent(content: string, files: readonly PlannedFile[]): Promise<number> {
  let present = 0
  for (const file of files) {
    const target = join(content, ...file.localPath.split('/'))
    const done = await stat(target).catch(() => null)
    const part = done ? null : await stat(`${target}.part`).catch(() => null)
    present += Math.min(file.size, done?.size ?? part?.size ?? 0)
  }
  return present
}

async function refuseOtherModelTypes(content: string, files: readonly PlannedFile[]): Promise<void> {
  const configs = await readConfigs(
    content,
    files.filter((file) => file.localPath === 'config.json').map((file) => ({ path: file.localPath, size: file.size })),
  )
  const config = configs['config.json']
  // Without a model_type the repository is judged once it is downloaded, by the export's layout.
  if (config?.model_type !== undefined) refuseOtherTextModels(config)
}
