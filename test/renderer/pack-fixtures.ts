import type { PackDetails, PackFit, PackSummary } from '../../src/shared/contract'
import type { PackModelVariant } from '../../src/shared/pack-manifest'

const MIB = 2 ** 20
const GIB = 2 ** 30

export function pack(id: string, kind: 'text' | 'image', extra: Partial<PackSummary> = {}): PackSummary {
  return {
    id, name: `Pack ${id}`, version: '1.0.0', licence: 'MIT', kind, architecture: kind === 'text' ? 'gpt2' : 'sd15',
    bundled: false, active: false, sizeBytes: 3 * 1024 * 1024, path: `/packs/${id}`, ...extra,
  }
}

export const PACKS = [
  pack('story', 'text', { active: true, bundled: true }),
  pack('pictures', 'image', { active: true, bundled: true }),
  pack('inky', 'image'),
]

/** An int8 variant as `packs optimize` records it. */
export const INT8_VARIANT: PackModelVariant = {
  weights: 'int8',
  files: ['onnx/model_int8.onnx'],
  quality: { positions: 500, agreement: 0.982, perplexity: 20.4, referencePerplexity: 20.2, meanAbsLogitError: 0.03 },
  speed: { tokensPerSecond: 120, referenceTokensPerSecond: 50, provider: 'cpu' },
}

/** What packs.show answers for a pack (its manifest reduced to what the views read). */
export function details(summary: PackSummary, extra: Partial<PackDetails> = {}): PackDetails {
  const files = [{ path: 'onnx/model.onnx', size: 4 * MIB, sha256: '0'.repeat(64) }, { path: 'onnx/model_int8.onnx', size: MIB, sha256: '1'.repeat(64) }]
  const manifest = { formatVersion: 1, id: summary.id, name: summary.name, version: '1.0.0', licence: 'MIT', kind: summary.kind, architecture: summary.architecture, files } as PackDetails['manifest']
  return { ...summary, manifest, weights: summary.kind === 'text' ? 'auto' : null, ...extra }
}

/** A memory estimate on a CPU-only machine with 16 GiB, 8 free. */
export function fitOf(summary: PackSummary, extra: Partial<PackFit> = {}): PackFit {
  const text = summary.kind === 'text'
  return {
    provider: 'cpu',
    attempts: [{ provider: 'cuda', error: 'libonnxruntime_providers_cuda.so is not installed', failure: 'not-installed' }, { provider: 'cpu' }],
    memory: 'system',
    weightsBytes: 4 * MIB,
    activationBytes: 96 * MIB,
    neededBytes: 100 * MIB,
    totalBytes: 16 * GIB,
    freeBytes: 8 * GIB,
    verdict: 'fits',
    basis: text ? { tokens: 1024 } : { width: 512, height: 512 },
    weights: text ? 'fp32' : null,
    variants: text ? [{ weights: 'fp32', sizeBytes: 4 * MIB }] : [],
    ...extra,
  }
}
