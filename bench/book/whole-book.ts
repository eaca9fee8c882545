import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runJob } from '../../src/shared/run-job'
import { sourceResourcesDir } from '../../src/main/studio/core/paths'
import { createStudio } from '../../src/main/studio/core/studio'
import { makeWholeBook } from '../../src/main/studio/core/whole-book'
import { ProjectSession } from '../../src/main/studio/projects/project-session'
import { newDocument, ProjectStore } from '../../src/main/studio/projects/project-store'
import { roundTo } from '../shared/figures'
import { samplePeakRss } from '../shared/process-tree-rss'

const OPENING = 'Once upon a time, a little fox lived at the edge of a great forest with her friend the crow.'

/**
 * The whole-book job on the bundled starter packs, as `taleweaver story` runs it: a project in a
 * fresh data folder, continued, a scene per page, every page illustrated, laid out and exported.
 * Reports seconds per page and the peak resident memory of the process tree (this process and
 * the inference process and the PDF printer). The baseline, in the same run, is the same pictures
 * drawn with plain `image.render` calls from a fresh studio (no project, no saving), so `illustrate_ratio_to_plain_renders` says what
 * keeping the project costs.
 */
export async function benchWholeBook(pages: number): Promise<Record<string, number | string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tw-bench-book-'))
  const studio = createStudio({ dataDir, packs: { resourcesDir: sourceResourcesDir() } })
  try {
    const { folder } = await new ProjectStore(dataDir).create(newDocument('', OPENING))
    const session = await ProjectSession.open(folder)
    const memory = samplePeakRss()
    const started = performance.now()
    const result = await makeWholeBook({ client: studio, packs: studio.packs, engine: studio.engine }, session, { pages, seed: 1, out: join(dataDir, 'book.pdf') })
    const totalMs = performance.now() - started
    const peakRss = memory.stop()

    // The baseline loads the image pack too: a fresh studio whose inference process is already
    // running (as the book job's is, from writing), its image models not yet loaded.
    const plain = createStudio({ dataDir, packs: { resourcesDir: sourceResourcesDir() } })
    await plain.call('image.tokenize', { text: 'warm up' })
    const plainStarted = performance.now()
    try {
      for (const scene of session.document.scenes) await runJob(plain, 'image.render', { prompt: scene.prompt, negativePrompt: scene.negativePrompt, seed: scene.seed })
    } finally {
      await plain.close()
    }
    const plainMs = performance.now() - plainStarted
    return {
      printed_pages: result.pages,
      pictures: session.document.scenes.length,
      total_s: roundTo(totalMs / 1000, 2),
      seconds_per_page: roundTo(totalMs / 1000 / session.document.scenes.length, 2),
      writing_s: roundTo(result.timings.writingMs / 1000, 2),
      illustrating_s: roundTo(result.timings.illustratingMs / 1000, 2),
      layout_and_pdf_s: roundTo(result.timings.layoutMs / 1000, 2),
      peak_rss_tree_mb: roundTo(peakRss / 2 ** 20, 1),
      baseline_plain_renders_s: roundTo(plainMs / 1000, 2),
      illustrate_ratio_to_plain_renders: roundTo(result.timings.illustratingMs / plainMs, 2),
    }
  } finally {
    await studio.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
