import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../../src/main/studio/projects/project-store'

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href
const saveLoop = join(import.meta.dirname, 'helpers/save-loop.ts')

/** Runs the save loop until it has saved at least once more, then kills it with SIGKILL. */
function saveThenKill(dataDir: string, from: number, extraMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, saveLoop, dataDir, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let acknowledged = from - 1
    child.stdout.on('data', (chunk: Buffer) => {
      const last = chunk.toString().trim().split('\n').pop()
      const seen = Number(last)
      if (seen > acknowledged) {
        if (acknowledged < from) setTimeout(() => child.kill('SIGKILL'), extraMs)
        acknowledged = seen
      }
    })
    child.on('exit', () => resolve(acknowledged))
  })
}

describe('project saves under SIGKILL', () => {
  it('always leave a file that loads as the last acknowledged version or a later one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-crash-'))
    let next = 1
    for (let round = 0; round < 20; round++) {
      const acknowledged = await saveThenKill(dataDir, next, (round * 7) % 23)
      const store = new ProjectStore(dataDir)
      await store.cleanStrayTempFiles()
      const { document } = await store.load('crash')
      const version = Number(document.title.replace('version ', ''))
      // Saves after the last acknowledged one may have landed (N) or not (N-1): never a torn file.
      expect(version).toBeGreaterThanOrEqual(acknowledged)
      next = version + 1
    }
  }, 300_000)
})
