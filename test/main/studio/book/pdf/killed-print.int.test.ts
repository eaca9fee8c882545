import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { removeLeftoverHomes } from '../../../../../src/main/studio/book/pdf/chromium-home'
import { launchPrintContext } from '../../../../../src/main/studio/book/pdf/chromium-printer'
import { locateChromium } from '../../../../../src/main/studio/book/pdf/locate-chromium'
import { prerequisite } from '../../../../prerequisites'

const hasChromium = (() => {
  try {
    return locateChromium().kind === 'chromium'
  } catch {
    return false
  }
})()

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.runIf(prerequisite('Chromium', hasChromium))('a print and its temporary folders', () => {
  it('prints and leaves nothing behind when it ends', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'tw-print-'))
    const context = await launchPrintContext(locateChromium(), temp)
    expect(readdirSync(temp)).toHaveLength(1)
    const page = await context.newPage()
    await page.setContent('<p>A fox.</p>')
    expect(Buffer.from(await page.pdf()).subarray(0, 5).toString()).toBe('%PDF-')
    await context.close()
    await until(() => readdirSync(temp).length === 0, 10_000)
  })

  it('leaves nothing in the temp folder but its private home, which the next launch removes', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'tw-killed-print-'))
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'print-forever.ts')], { env: { ...process.env, TMPDIR: temp }, stdio: 'ignore' })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // The browser is up once its profile holds Chromium's own files.
    const profileStarted = () => readdirSync(temp, { recursive: true }).some((name) => String(name).endsWith('Local State'))
    await until(profileStarted, 60_000)
    child.kill('SIGKILL')
    await exited
    // Chromium notices its parent is gone when the pipe closes; give it a moment to exit.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    // tsx, which runs the child from source, keeps its compile cache there: not the print's.
    const left = readdirSync(temp).filter((name) => !name.startsWith('tsx-'))
    // Nothing of playwright's own (its profile and artifacts folders) outside the home.
    expect(left.filter((name) => !name.startsWith(`taleweaver-chromium-${child.pid}-`))).toEqual([])
    expect(left).toHaveLength(1)

    await removeLeftoverHomes(temp)
    expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([])
    expect(existsSync(join(temp, left[0]))).toBe(false)
  })
})
