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
  it('shows the studio with its panels and the active packs', async () => {
    const { page } = harness
    await expect.poll(() => page.locator('h1').textContent()).toBe('Taleweaver')
    expect(await page.locator('#story-heading').textContent()).toBe('Your story')
    expect(await page.locator('#scenes-heading').textContent()).toBe('Scenes')
    await expect.poll(() => page.getByTestId('active-text-pack').textContent()).toContain('none')
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'studio-frame.png') })
  })

  it('keeps the contract errors readable: continuing with no story model says what is missing', async () => {
    const { page } = harness
    await page.getByTestId('story-text').fill('Once upon a time, a little fox')
    await page.getByTestId('story-text').press('Control+Enter')
    await expect.poll(() => page.getByTestId('story-error').textContent(), { timeout: 20_000 }).toMatch(/\w+/)
  })
})
