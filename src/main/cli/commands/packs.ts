import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { ActivePacks, PackDetails, PackInstallProgress, PackInstallResult, PackOptimizeProgress, PackOptimizeResult, PackSummary, PackVerifyResult } from '../../../shared/contract'
import { optimizeWeights, packVariants, WeightsChoice, type OptimizeWeights, type TextPackManifest } from '../../../shared/pack-manifest'
import { formatBytes } from '../../studio/packs/disk-space'
import { action, withCommonOptions, type RegisterCommand } from '../command'
import { notice, printResult, type CommonOptions } from '../output'
import { runCliJob } from '../run-job'

interface DownloadOptions extends CommonOptions {
  revision: string
  variant?: (typeof packVariants)[number]
  token?: string
}

/**
 * `taleweaver packs ...`: list, inspect, switch, install and remove model packs. Each
 * subcommand prints text for a person, or one JSON object with --json.
 */
export const registerPacks: RegisterCommand = (program, session) => {
  const packs = program.command('packs').description('list, switch, import, download, verify and remove model packs')

  subcommand(packs, 'list', 'every pack, bundled and installed (* marks the active ones)').action(
    action(session, async (options: CommonOptions) => {
      const list = await (await session.open(options)).call('packs.list', {})
      printResult(options, list, () => (list.length === 0 ? 'No packs installed.' : list.map(describeLine).join('\n')))
    }),
  )

  subcommand(packs, 'show <id>', 'one pack and its manifest').action(
    action(session, async (id: string, options: CommonOptions) => {
      const details = await (await session.open(options)).call('packs.show', { id })
      printResult(options, details, () => describeDetails(details))
    }),
  )

  subcommand(packs, 'use <id>', 'make a pack the active one of its kind')
    .option('--weights <weights>', `for a text pack, the weights to run (${WeightsChoice.options.join(', ')}; auto: the provider's best)`)
    .action(
      action(session, async (id: string, options: CommonOptions & { weights?: WeightsChoice }) => {
        const active = await (await session.open(options)).call('packs.use', { id, weights: options.weights })
        printResult(options, active, () => describeActive(active))
      }),
    )

  subcommand(packs, 'import <path>', 'install a pack from a folder or a .zip (plain model exports are recognised)').action(
    action(session, async (path: string, options: CommonOptions) => {
      const studio = await session.open(options)
      const result = await runCliJob(studio, 'packs.import', { path: resolve(path) }, { onProgress: progressLine(options) })
      finishInstall(options, result)
    }),
  )

  subcommand(packs, 'download <repo>', 'download a pack from the model hub (owner/name)')
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .option('--variant <variant>', `weights to take when the repository has several (${packVariants.join(', ')})`)
    .option('--token <token>', 'access token for gated repositories (default: $HF_TOKEN)')
    .action(
      action(session, async (repo: string, options: DownloadOptions) => {
        const studio = await session.open(options)
        const input = { repo, revision: options.revision, variant: options.variant, token: options.token }
        const result = await runCliJob(studio, 'packs.download', input, { onProgress: progressLine(options) })
        finishInstall(options, result)
      }),
    )

  subcommand(packs, 'verify <id>', "re-hash a pack's files and report any that differ").action(
    action(session, async (id: string, options: CommonOptions) => {
      const result: PackVerifyResult = await (await session.open(options)).call('packs.verify', { id })
      printResult(options, result, () => (result.ok ? `${id}: every file matches its manifest.` : [`${id}: ${result.problems.length} problem(s)`, ...result.problems.map((p) => `  ${p}`)].join('\n')))
      if (!result.ok) process.exitCode = 1
    }),
  )

  subcommand(packs, 'optimize <pack>', 'write a smaller or faster variant of a text pack (an installed id or a pack folder) and check its quality')
    .requiredOption('--weights <format>', `weight format: ${optimizeWeights.join(', ')}`)
    .action(
      action(session, async (pack: string, options: CommonOptions & { weights: OptimizeWeights }) => {
        const studio = await session.open(options)
        // A path that exists is a folder; anything else is a pack id.
        const target = existsSync(pack) ? resolve(pack) : pack
        const result = await runCliJob(studio, 'packs.optimize', { pack: target, weights: options.weights }, { onProgress: optimizeProgressLine(options) })
        if (!options.json && process.stderr.isTTY) process.stderr.write('\n')
        if (result.warning) notice(options, result.warning)
        printResult(options, result, () => describeOptimized(result))
      }),
    )

  subcommand(packs, 'remove <id>', 'delete an installed pack (bundled packs stay)').action(
    action(session, async (id: string, options: CommonOptions) => {
      const result = await (await session.open(options)).call('packs.remove', { id })
      printResult(options, result, () => `Removed ${id}.\n${describeActive(result.active)}`)
    }),
  )
}

function subcommand(parent: Command, name: string, description: string): Command {
  return withCommonOptions(parent.command(name)).description(description)
}

function describeLine(pack: PackSummary): string {
  const origin = pack.bundled ? 'bundled' : 'installed'
  return `${pack.active ? '*' : ' '} ${pack.id.padEnd(28)} ${pack.kind.padEnd(8)} ${pack.architecture.padEnd(9)} ${pack.version.padEnd(8)} ${formatBytes(pack.sizeBytes).padStart(9)}  ${origin}`
}

function describeDetails(details: PackDetails): string {
  const { manifest } = details
  const lines = [
    `${manifest.name} (${manifest.id} ${manifest.version})${details.active ? ', active' : ''}`,
    `kind: ${manifest.kind}, architecture: ${manifest.architecture}, licence: ${manifest.licence}`,
    `folder: ${details.path}${details.bundled ? ' (bundled)' : ''}`,
    `files: ${manifest.files.length}, ${formatBytes(details.sizeBytes)}`,
  ]
  if (manifest.source) lines.push(`source: ${manifest.source.repo} @ ${manifest.source.revision}${manifest.source.variant ? ` (${manifest.source.variant})` : ''}`)
  if (manifest.defaults && Object.keys(manifest.defaults).length > 0) lines.push(`defaults: ${JSON.stringify(manifest.defaults)}`)
  if (details.weights) lines.push(`weights: ${details.weights === 'auto' ? 'auto (int8 or q4 on a CPU, fp16 on a GPU, where the pack has them)' : details.weights}`)
  if (manifest.kind === 'text' && manifest.variants?.length) {
    const sizes = new Map(manifest.files.map((file) => [file.path, file.size]))
    lines.push('variants:', ...manifest.variants.map((v) => `  ${describeVariant(v)}, ${formatBytes(v.files.reduce((sum, path) => sum + (sizes.get(path) ?? 0), 0))}`))
  }
  if (manifest.description) lines.push('', manifest.description)
  return lines.join('\n')
}

type Variant = NonNullable<TextPackManifest['variants']>[number]

/** One line per variant: format, files, speed against the original, agreement and perplexity. */
function describeVariant(variant: Variant): string {
  const { quality, speed } = variant
  const gain = speed.tokensPerSecond / speed.referenceTokensPerSecond
  return `${variant.weights.padEnd(5)} ${variant.files.join(', ')}: ${speed.tokensPerSecond.toFixed(1)} tok/s on ${speed.provider} (${gain.toFixed(2)}x the original), agreement ${(quality.agreement * 100).toFixed(1)}%, perplexity ${quality.perplexity.toFixed(2)} (original ${quality.referencePerplexity.toFixed(2)}), mean logit error ${quality.meanAbsLogitError.toFixed(4)}`
}

function describeOptimized(result: PackOptimizeResult): string {
  return `Optimized ${result.path}:\n  ${describeVariant(result.variant)}`
}

function describeActive(active: ActivePacks): string {
  return Object.entries(active)
    .map(([kind, id]) => `active ${kind} pack: ${id ?? '(none)'}`)
    .join('\n')
}

function finishInstall(options: CommonOptions, result: PackInstallResult): void {
  if (!options.json && process.stderr.isTTY) process.stderr.write('\n')
  for (const line of result.notices) notice(options, line)
  const { pack } = result
  printResult(options, result, () => `Installed ${pack.id} (${pack.kind}, ${pack.architecture}, ${formatBytes(pack.sizeBytes)}) in ${pack.path}${pack.active ? '; it is the active one' : ''}.`)
}

/** Optimize's stages on stderr, one line each. */
function optimizeProgressLine(options: CommonOptions) {
  let lastStage = ''
  return (event: PackOptimizeProgress) => {
    if (options.json || event.stage === lastStage) return
    lastStage = event.stage
    process.stderr.write(`taleweaver: ${{ rewrite: 'rewriting the graph', quality: 'checking quality', speed: 'measuring speed', hash: 'hashing' }[event.stage]}\n`)
  }
}

/** One progress line on stderr (rewritten in place on a terminal): stage, bytes, rate, time left. */
function progressLine(options: CommonOptions) {
  let lastStage = ''
  return (event: PackInstallProgress) => {
    if (options.json) return
    const { stage, step, total, detail } = event
    const bytes = stage === 'inspect' ? '' : ` ${formatBytes(step)} of ${formatBytes(total)}`
    const rate = typeof detail?.bytesPerSecond === 'number' && detail.bytesPerSecond > 0 ? `, ${formatBytes(detail.bytesPerSecond)}/s` : ''
    const eta = typeof detail?.etaSeconds === 'number' && detail.etaSeconds >= 0 ? `, ${detail.etaSeconds} s left` : ''
    const line = `${stage}${bytes}${rate}${eta}`
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(72)}`)
    else if (stage !== lastStage) process.stderr.write(`taleweaver: ${line}\n`)
    lastStage = stage
  }
}
