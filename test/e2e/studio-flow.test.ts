import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceResourcesDir } from '../../src/main/studio/core/paths'
import { openStudioInBrowser, SCREENSHOT_DIR, type StudioHarness } from './studio-harness'

const resourcesDir = sourceResourcesDir()
const starterPresent = ['starter-story', 'starter-pictures'].every((id) => existsSync(join(resourcesDir, 'models', id, 'pack.json')))
let harness: StudioHarness

describe.skipIf(!starterPresent)('writing a story in the studio (bundled starter packs, Chromium)', () => {
  beforeAll(async () => {
    harness = await openStudioInBrowser(resourcesDir)
  })
  afterAll(async () => harness?.close())

  it('shows the bundled packs as active', async () => {
    const { page } = harness
    await expect.poll(() => page.getByTestId('active-text-pack').textContent()).not.toContain('none')
    await expect.poll(() => page.getByTestId('active-image-pack').textContent()).not.toContain('none')
  })

  it('streams a continuation into the story and reports the speed', async () => {
    const { page } = harness
    const story = page.getByTestId('story-text')
    await story.fill('Once upon a time, a little fox lived at the edge of a great forest.')
    await story.press('Control+Enter')
    await expect.poll(() => story.inputValue(), { timeout: 60_000 }).toMatch(/forest\.\S*\s*\S+/)
    await expect.poll(() => page.getByTestId('story-status').textContent(), { timeout: 60_000 }).toContain('tok/s')
    expect(await story.inputValue()).toMatch(/^Once upon a time, a little fox lived at the edge of a great forest\./)
    expect(await story.inputValue()).not.toContain('\uFFFD')
  })

  it('stops a continuation on Escape and keeps what was written', async () => {
    const { page } = harness
    const story = page.getByTestId('story-text')
    const before = await story.inputValue()
    await page.getByTestId('continue').click()
    await expect.poll(() => page.getByTestId('stop').isVisible(), { timeout: 30_000 }).toBe(true)
    await story.press('Escape')
    await expect.poll(() => page.getByTestId('continue').isVisible(), { timeout: 30_000 }).toBe(true)
    expect((await story.inputValue()).startsWith(before)).toBe(true)
    expect(await page.getByTestId('story-error').count()).toBe(0)
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'studio-story.png') })
  })

  it('finds the key scenes and illustrates one, showing step previews and then the picture', async () => {
    const { page } = harness
    await page.getByTestId('find-scenes').click()
    await expect.poll(() => page.getByTestId('scene').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const scene = page.getByTestId('scene').first()
    await scene.getByTestId('illustrate').click()
    await expect.poll(() => scene.getByTestId('illustration').getAttribute('src'), { timeout: 60_000 }).toMatch(/^data:image\/png;base64,/)
    await expect.poll(() => scene.getByTestId('illustrate').isVisible(), { timeout: 60_000 }).toBe(true)
    const size = await scene.getByTestId('illustration').evaluate((image) => [(image as { naturalWidth: number }).naturalWidth, (image as { naturalHeight: number }).naturalHeight])
    expect(size[0]).toBeGreaterThanOrEqual(64)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'studio-scenes.png') })
  })
})
