import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStudioInBrowser, SCREENSHOT_DIR, type StudioHarness } from './studio-harness'

let harness: StudioHarness

beforeAll(async () => {
  // No bundled packs: the frame must still come up and say so.
  const resourcesDir = mkdtempSync(join(tmpdir(), 'tw-resources-'))
  mkdirSync(join(resourcesDir, 'models'))
  harness = await openStudioInBrowser(resourcesDir)
})
afterAll(async () => harness?.close())

describe('studio frame in Chromium', () => {
  it('shows the studio with its views and no active packs', async () => {
    const { page } = harness
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Taleweaver')
    const views = page.getByRole('navigation', { name: 'Views' }).getByRole('button')
    expect((await views.allTextContents()).map((name) => name.trim())).toEqual(['Write', 'Scenes', 'Book', 'Packs', 'Settings'])
    await expect.poll(() => page.getByRole('region', { name: 'Active model packs' }).textContent()).toContain('Story model: none')
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'studio-frame.png') })
  })

  it('keeps the contract errors readable: continuing with no story model says what is missing', async () => {
    const { page } = harness
    await page.getByRole('textbox', { name: 'Story' }).fill('Once upon a time, a little fox')
    await page.getByRole('textbox', { name: 'Story' }).press('Control+Enter')
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/\w+.*Try again/)
  })
})
