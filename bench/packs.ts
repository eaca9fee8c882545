/**
 * Memory across pack switches: the active image pack is switched 20 times in one studio
 * (bundled starter pack and imported fixtures in turn), each switch followed by a one-step
 * render, so the inference process releases the previous pack's sessions and loads the next
 * one's. Prints the RSS growth of this process and the ones it started (the inference process)
 * against a raw baseline measured in the same run: as many renders with no switch at all.
 * Target: < 50 MB. Reads /proc, so Linux only.
 *
 * Usage: npm run bench -- packs [--switches N]
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sourceResourcesDir } from '../src/main/studio/core/paths'
import { createStudio } from '../src/main/studio/core/studio'
import { runJob } from '../src/shared/run-job'
import { IMAGE_FIXTURES, fixturePacks } from '../test/fixtures/packs'
import { numberFlag, roundTo } from './shared/figures'

const MB = 1024 * 1024

export default async function benchPacks(args: string[]): Promise<void> {
  const switches = numberFlag(args, '--switches', 20)
  const scratch = await mkdtemp(join(tmpdir(), 'bench-packs-'))
  const dataDir = join(scratch, 'data')
  const resourcesDir = sourceResourcesDir()
  const studio = createStudio({ dataDir, packs: { resourcesDir } })
  try {
    const fixtures = await fixturePacks()
    const packs: string[] = (await studio.call('packs.list', {})).filter((pack) => pack.kind === 'image').map((pack) => pack.id)
    for (const name of [IMAGE_FIXTURES.heavy, IMAGE_FIXTURES.sdOptimum]) {
      // Imported as plain exports (no pack.json), the way a person would bring them in.
      const source = join(scratch, 'exports', name)
      await cp(fixtures[name], source, { recursive: true })
      await rm(join(source, 'pack.json'))
      packs.push((await runJob(studio, 'packs.import', { path: source })).pack.id)
    }
    const render = () => runJob(studio, 'image.render', { prompt: 'a lighthouse at dusk', steps: 1, width: 64, height: 64, seed: 1 })

    // Warm-up: every pack loaded once, so allocator pools and code are in place before measuring.
    for (const id of packs) {
      await studio.call('packs.use', { id })
      await render()
    }

    await studio.call('packs.use', { id: packs[0] })
    const baselineStart = await treeRss()
    for (let i = 0; i < switches; i++) await render()
    const baselineGrowth = await treeRss() - baselineStart

    const start = await treeRss()
    const started = performance.now()
    for (let i = 1; i <= switches; i++) {
      await studio.call('packs.use', { id: packs[i % packs.length] })
      await render()
    }
    const elapsed = performance.now() - started
    const growth = await treeRss() - start
    console.log(
      JSON.stringify({
        bench: 'packs-switch',
        packs,
        switches,
        rss_start_mb: roundTo(start / MB, 1),
        rss_growth_mb: roundTo(growth / MB, 1),
        baseline_renders_without_switch_growth_mb: roundTo(baselineGrowth / MB, 1),
        growth_vs_baseline_mb: roundTo((growth - baselineGrowth) / MB, 1),
        ms_per_switch_and_render: roundTo(elapsed / switches, 1),
        target_mb: 50,
        within_target: growth < 50 * MB,
      }),
    )
  } finally {
    await studio.close()
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Resident memory of a process and every process it started, in bytes. */
async function treeRss(pid = process.pid): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).split(' ').filter(Boolean)
  let total = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
  for (const child of children) total += await treeRss(Number(child))
  return total
}
