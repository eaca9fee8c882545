import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { ProjectFolder } from '../../../../src/main/studio/projects/project-folder'
import { freshFolder } from './project-fixtures'

const KILLS = 500
let saveLoop: string

// Bundled once into plain JavaScript, so each of the 500 children starts in a few tens of milliseconds.
beforeAll(async () => {
  saveLoop = join(freshFolder('tw-save-loop-'), 'save-loop.mjs')
  await build({ entryPoints: [join(import.meta.dirname, 'helpers/save-loop.ts')], bundle: true, platform: 'node', format: 'esm', outfile: saveLoop, logLevel: 'error' })
})

/** Runs the save loop until it acknowledges one save, waits `extraMs` more, then kills it with SIGKILL. */
function saveThenKill(dir: string, from: number, extraMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [saveLoop, dir, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let acknowledged = from - 1
    child.stdout.on('data', (chunk: Buffer) => {
      const seen = Number(chunk.toString().trim().split('\n').pop())
      if (seen > acknowledged) {
        if (acknowledged < from) setTimeout(() => child.kill('SIGKILL'), extraMs)
        acknowledged = seen
      }
    })
    child.on('exit', () => resolve(acknowledged))
  })
}

describe('project saves under SIGKILL', () => {
  it(`always leave a project that opens as the last acknowledged version or the next, with all its pictures (${KILLS} kills)`, async () => {
    const dir = freshFolder()
    let next = 1
    for (let round = 0; round < KILLS; round++) {
      const acknowledged = await saveThenKill(dir, next, (round * 7) % 13)
      const folder = new ProjectFolder(dir)
      const { document } = await folder.open()
      const version = Number(document.title.replace('version ', ''))
      // Saves after the last acknowledged one may have landed (N) or not (N-1): never a torn file.
      expect(version).toBeGreaterThanOrEqual(acknowledged)
      for (const variant of document.scenes[0].variants) expect(existsSync(folder.picturePath(variant.id))).toBe(true)
      const leftovers = [...readdirSync(dir), ...readdirSync(join(dir, 'pictures'))].filter((name) => name.endsWith('.tmp'))
      expect(leftovers).toEqual([])
      next = version + 1
    }
  }, 900_000)
})
