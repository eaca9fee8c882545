/**
 * Quality of `packs optimize` on the trained starter text pack: int8 and q4 made in a scratch
 * copy of the pack (the bundled one stays untouched) and measured as optimize measures them.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { optimizePack } from '../../src/main/inference/quantize/optimize-pack'
import { roundTo } from '../shared/figures'

const STARTER = fileURLToPath(new URL('../../resources/models/starter-story', import.meta.url))

/** One JSON-ready line per weight format. */
export async function starterQuality(): Promise<Record<string, number | string>[]> {
  const dir = await mkdtemp(join(tmpdir(), 'starter-quality-'))
  try {
    await cp(STARTER, dir, { recursive: true })
    const lines = []
    for (const weights of ['int8', 'q4'] as const) {
      const { quality, speed, warning } = await optimizePack({ dir, weights }, new AbortController().signal, () => {})
      lines.push({
        starter_quality: weights,
        top1_agreement: roundTo(quality.agreement, 4),
        perplexity: roundTo(quality.perplexity, 2),
        perplexity_fp32: roundTo(quality.referencePerplexity, 2),
        perplexity_change: roundTo(quality.perplexity / quality.referencePerplexity - 1, 4),
        mean_abs_logit_error: roundTo(quality.meanAbsLogitError, 4),
        positions: quality.positions,
        speed_vs_fp32: roundTo(speed.tokensPerSecond / speed.referenceTokensPerSecond, 2),
        ...(warning ? { warning } : {}),
      })
    }
    return lines
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
