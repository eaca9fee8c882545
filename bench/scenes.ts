/**
 * Scene extraction speed and prompt fit.
 * - `extract-1mb`: a megabyte of Grimm (the first 1,000,000 characters of the corpus file) against
 *   two measurements of the same text in the same run: the raw baseline (Intl.Segmenter sentence
 *   breaking, paragraph by paragraph, nothing else) and the peer (compromise's full tagger, which
 *   extraction avoids: measured on 50 kB and scaled to a megabyte, since a whole megabyte takes minutes).
 * - `extract-tale`: each of six Grimm tales, median time.
 * - `prompt-tokens`: real CLIP token counts (SD 1.5 vocabulary) of every prompt made for those
 *   tales in every style, against the 75-token budget, and how the built-in estimate compares.
 * Times are best-of and median of rounds in wall-clock ms; CPU ms are the process's own.
 *
 * Usage: npm run bench -- scenes [--rounds N]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import nlp from 'compromise'
import { stylePresets } from '../src/shared/contract'
import { ClipTokenizer } from '../src/main/inference/diffusion/clip-tokenizer'
import { extractScenes } from '../src/main/studio/scenes/extract'
import { findParagraphs } from '../src/main/studio/scenes/text/segment'
import { estimateClipTokens } from '../src/main/studio/scenes/prompt/token-budget'
import { grimmBook, grimmTales, hasCorpus } from '../test/main/studio/scenes/corpus-tales'
import { median, numberFlag, roundTo } from './shared/figures'

const TALES = ['Rapunzel', 'Hansel and Grethel', 'Little Red-Cap', 'Cinderella', 'Rumpelstiltskin', 'The Frog-King, or Iron Henry']
const PEER_SAMPLE_CHARS = 50_000

export default async function benchScenes(args: string[]): Promise<void> {
  if (!hasCorpus) throw new Error('The corpus (../shared/data/corpus) is needed for this benchmark.')
  const rounds = numberFlag(args, '--rounds', 5)
  const book = grimmBook(1_000_000)
  extractScenes('Tom ran home. He hid.') // loads the lexicons once

  const ours = measure(rounds, () => extractScenes(book))
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })
  const raw = measure(rounds, () => {
    let count = 0
    for (const paragraph of findParagraphs(book)) for (const _ of segmenter.segment(book.slice(paragraph.start, paragraph.end).replace(/\n/g, ' '))) count++
    return count
  })
  const peerSample = book.slice(300_000, 300_000 + PEER_SAMPLE_CHARS)
  const peer = measure(Math.min(rounds, 2), () => nlp(peerSample).json().length)
  const peerPerMegabyte = (peer.best * book.length) / PEER_SAMPLE_CHARS
  console.log(
    JSON.stringify({
      bench: 'extract-1mb',
      chars: book.length,
      scenes: extractScenes(book).scenes.length,
      rounds,
      best_ms: roundTo(ours.best, 2),
      median_ms: roundTo(ours.median, 2),
      cpu_ms: roundTo(ours.cpu, 2),
      baseline_segmenter_ms: roundTo(raw.best, 2),
      ratio_to_segmenter: roundTo(ours.best / raw.best, 2),
      peer_compromise_ms_per_mb: roundTo(peerPerMegabyte, 2),
      speedup_over_peer: roundTo(peerPerMegabyte / ours.best, 2),
    }),
  )

  const tales = grimmTales(TALES)
  for (const tale of tales) {
    const timing = measure(rounds, () => extractScenes(tale.text))
    console.log(JSON.stringify({ bench: 'extract-tale', tale: tale.title, chars: tale.text.length, best_ms: roundTo(timing.best, 2), median_ms: roundTo(timing.median, 2) }))
  }

  const clipDir = join(import.meta.dirname, '../../shared/data/sd15/tokenizer')
  if (!existsSync(join(clipDir, 'vocab.json'))) return
  const tokenizer = await ClipTokenizer.load(clipDir)
  const counts = tales.flatMap((tale) =>
    stylePresets.flatMap((style) => extractScenes(tale.text, { style }).scenes.map((scene) => ({ real: tokenizer.encode(scene.prompt).count, estimate: estimateClipTokens(scene.prompt) }))),
  )
  const reals = counts.map((count) => count.real).sort((a, b) => a - b)
  console.log(
    JSON.stringify({
      bench: 'prompt-tokens',
      prompts: counts.length,
      budget: 75,
      real_mean: roundTo(reals.reduce((sum, value) => sum + value, 0) / reals.length, 2),
      real_max: reals[reals.length - 1],
      over_budget: reals.filter((value) => value > 75).length,
      estimate_over_real_mean: roundTo(counts.reduce((sum, count) => sum + count.estimate / count.real, 0) / counts.length, 2),
      estimate_below_real: counts.filter((count) => count.estimate < count.real).length,
    }),
  )
}

function measure(rounds: number, run: () => unknown): { best: number; median: number; cpu: number } {
  const times: number[] = []
  const cpus: number[] = []
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    run()
    times.push(performance.now() - start)
    const used = process.cpuUsage(cpu)
    cpus.push((used.user + used.system) / 1000)
  }
  return { best: Math.min(...times), median: median(times), cpu: Math.min(...cpus) }
}
