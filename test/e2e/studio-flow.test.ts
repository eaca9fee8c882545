import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceResourcesDir } from '../../src/main/studio/core/paths'
import { fixturePacks, IMAGE_FIXTURES } from '../fixtures/packs'
import { prerequisite } from '../prerequisites'
import { seriousAxeViolations, type AxeProblem } from './accessibility'
import { openStudioInBrowser, SCREENSHOT_DIR, type StudioHarness } from './studio-harness'

const resourcesDir = sourceResourcesDir()
const starterPresent = prerequisite(
  'the starter packs in resources/models',
  ['starter-story', 'starter-pictures'].every((id) => existsSync(join(resourcesDir, 'models', id, 'pack.json'))),
)

const OPENING = [
  'Once upon a time, a little fox lived at the edge of a great forest with her grandmother.',
  'Every morning the fox walked down to the sea and watched the boats sail past the lighthouse.',
  'One evening a storm came over the mountain, and the fox saw a small red boat lost among the waves.',
  'She ran to the lighthouse, climbed the stairs and lit the great lamp so the sailors could find the shore.',
  'In the morning the sailors brought the fox a basket of apples and a blue flower from a far island.',
].join(' ')

let harness: StudioHarness
const views = ['Write', 'Scenes', 'Book', 'Packs', 'Settings'] as const

const view = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true })
const sceneCards = (page: Page) => page.getByRole('list', { name: 'Key scenes' }).getByRole('listitem').filter({ has: page.getByRole('heading') })
const storyBox = (page: Page) => page.getByRole('textbox', { name: 'Story', exact: true })
const pictureOf = (card: Locator) => card.getByRole('img').first()
/** A project picture served by the studio server at its app:// path, with the page's access token. */
const SERVED_PICTURE = /^http:\/\/127\.0\.0\.1:\d+\/projects\/[a-z0-9-]+\/pictures\/pic-[0-9a-f]+\.png\?token=/
/** The part of the page's img elements read here (these tests compile without the DOM's types). */
type PageImage = { complete: boolean; naturalWidth: number }
/** The picture's pixel width once loaded (0 for a picture that did not load). */
const loadedWidth = async (picture: Locator) => {
  await expect.poll(() => picture.evaluate((image) => (image as unknown as PageImage).complete)).toBe(true)
  return picture.evaluate((image) => (image as unknown as PageImage).naturalWidth)
}

describe.skipIf(!starterPresent)('making a storybook in the studio (starter packs, Chromium)', () => {
  beforeAll(async () => {
    harness = await openStudioInBrowser(resourcesDir)
    mkdirSync(join(SCREENSHOT_DIR, 'views'), { recursive: true })
  })
  afterAll(async () => harness?.close())

  it('shows the bundled packs as active', async () => {
    const active = harness.page.getByRole('region', { name: 'Active model packs' })
    await expect.poll(() => active.textContent()).toContain('Story model: Starter Story')
    expect(await active.textContent()).toContain('Picture model: Starter Pictures')
  })

  it('writes an opening and continues it: tokens appear one after another, apart from the story', async () => {
    const { page } = harness
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('The Fox and the Lighthouse')
    await storyBox(page).fill(OPENING)
    // Record every length the suggestion passes through while it streams.
    await page.evaluate(`{
      const seen = (window.suggestionLengths = new Set())
      new MutationObserver(() => {
        const mark = document.querySelector('mark')
        if (mark?.textContent) seen.add(mark.textContent.length)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    }`)
    await storyBox(page).press('Control+Enter')
    await page.getByRole('button', { name: 'Accept' }).waitFor({ timeout: 90_000 })
    const lengths = (await page.evaluate('[...window.suggestionLengths]')) as number[]
    expect(lengths.length).toBeGreaterThan(1)
    expect(await storyBox(page).inputValue()).toBe(OPENING)
    expect(await page.getByRole('region', { name: /^Suggested continuation/ }).textContent()).not.toContain('\uFFFD')
  })

  it('stops a continuation and keeps what came, then accepts it into the story', async () => {
    const { page } = harness
    // A long continuation, so there is time to stop it.
    await page.getByText('Advanced settings').click()
    await page.getByRole('spinbutton', { name: 'Length (tokens)' }).fill('400')
    // The small starter model may end its text before Stop is pressed: then regenerate and try again.
    let stopped = false
    for (let attempt = 0; attempt < 5 && !stopped; attempt++) {
      await page.getByRole('button', { name: 'Regenerate' }).click()
      await page.locator('mark').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 })
      stopped = await page.getByRole('button', { name: 'Stop' }).click({ timeout: 1_000 }).then(() => true, () => false)
    }
    expect(stopped).toBe(true)
    await page.getByRole('button', { name: 'Continue the story' }).waitFor({ timeout: 30_000 })
    expect(await page.getByRole('alert').count()).toBe(0)
    const suggestion = (await page.locator('mark').textContent()) ?? ''
    await page.getByRole('button', { name: 'Accept' }).click()
    expect(await storyBox(page).inputValue()).toBe(OPENING + suggestion)
    expect(await page.locator('mark').count()).toBe(0)
    await expect.poll(() => page.getByText(/tokens in the model's window/).textContent()).toMatch(/\d+ of 1024 tokens/)
  })

  it('finds the key scenes and edits a prompt, counting its tokens', async () => {
    const { page } = harness
    await view(page, 'Scenes').click()
    await page.getByRole('spinbutton', { name: /^How many scenes/ }).fill('3')
    await page.getByRole('button', { name: 'Find key scenes' }).click()
    await expect.poll(() => sceneCards(page).count(), { timeout: 30_000 }).toBeGreaterThan(1)
    const first = sceneCards(page).first()
    const prompt = first.getByRole('textbox', { name: /^Prompt for/ })
    await prompt.fill('a red house by the sea')
    await expect.poll(() => first.getByText(/\/75 tokens/).textContent(), { timeout: 10_000 }).toMatch(/^[5-9]\/75 tokens/)
    await page.waitForTimeout(600)
    expect(await prompt.inputValue()).toBe('a red house by the sea')
  })

  it('illustrates all scenes with visible progress, then redoes one: a second variant, the others unchanged', async () => {
    const { page } = harness
    const count = await sceneCards(page).count()
    await page.getByRole('button', { name: 'Illustrate all' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Step \d+ of \d+/ }).count(), { timeout: 60_000 }).toBeGreaterThan(0)
    for (let index = 0; index < count; index++) {
      const card = sceneCards(page).nth(index)
      await card.getByRole('button', { name: 'Variant 1: Use this variant' }).waitFor({ timeout: 120_000 })
      expect(await pictureOf(card).getAttribute('src')).toMatch(SERVED_PICTURE)
      expect(await loadedWidth(pictureOf(card))).toBe(128)
    }
    const before = await Promise.all(Array.from({ length: count }, (_, index) => pictureOf(sceneCards(page).nth(index)).getAttribute('src')))
    const first = sceneCards(page).first()
    await first.getByText(/^Variant 1/).click()
    await first.getByRole('button', { name: 'Redo with the same settings' }).click()
    await first.getByRole('button', { name: 'Variant 2: Use this variant' }).waitFor({ timeout: 120_000 })
    for (let index = 1; index < count; index++) {
      const card = sceneCards(page).nth(index)
      expect(await card.getByRole('button', { name: /^Variant \d: Use this variant/ }).count()).toBe(1)
      expect(await pictureOf(card).getAttribute('src')).toBe(before[index])
    }
  })

  it('imports another picture pack and switches to it', async () => {
    const { page } = harness
    const fixture = (await fixturePacks())[IMAGE_FIXTURES.sd]
    await view(page, 'Packs').click()
    await page.getByRole('textbox', { name: 'Folder or zip to import' }).fill(fixture)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const use = page.getByRole('button', { name: /^Use (?!Starter)/ })
    await use.waitFor({ timeout: 60_000 })
    const name = ((await use.getAttribute('aria-label')) ?? '').replace(/^Use /, '')
    await use.click()
    await expect.poll(() => page.getByRole('region', { name: 'Active model packs' }).textContent()).toContain(`Picture model: ${name}`)
    await page.getByRole('button', { name: 'Use Starter Pictures' }).click()
    await expect.poll(() => page.getByRole('region', { name: 'Active model packs' }).textContent()).toContain('Picture model: Starter Pictures')
  })

  it('previews the book and exports the PDF with the story in it: a download in the browser', async () => {
    const { page } = harness
    await view(page, 'Book').click()
    const preview = page.frameLocator('iframe[title="Book preview"]')
    await expect.poll(() => preview.locator('body').textContent(), { timeout: 30_000 }).toContain('The Fox and the Lighthouse')
    await page.getByRole('combobox', { name: 'Print resolution' }).selectOption('300')
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Export PDF' }).click()])
    expect(download.suggestedFilename()).toBe('The Fox and the Lighthouse.pdf')
    const out = join(mkdtempSync(join(tmpdir(), 'tw-book-')), 'fox.pdf')
    await download.saveAs(out)
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Downloaded \d+ pages/ }).textContent()).toMatch(/Downloaded \d+ pages as The Fox and the Lighthouse\.pdf/)
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('The Fox and the Lighthouse')
    expect(text).toContain('a little fox lived at the edge')
    // Printed at 300 dpi: every picture embedded with at least 300 pixels per inch of its box on the page.
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).split('\n').slice(2).filter((line) => line.trim())
    const pixelsPerInch = images.map((line) => Number(line.trim().split(/\s+/)[12]))
    expect(pixelsPerInch.length).toBeGreaterThan(0)
    expect(Math.min(...pixelsPerInch)).toBeGreaterThanOrEqual(300)
  })

  it('brings the whole project back after a reload: story, scenes, pictures and book settings', async () => {
    const { page } = harness
    const story = await (async () => (await view(page, 'Write').click(), storyBox(page).inputValue()))()
    await view(page, 'Scenes').click()
    const count = await sceneCards(page).count()
    const first = sceneCards(page).first()
    const prompt = await first.getByRole('textbox', { name: /^Prompt for/ }).inputValue()
    const picture = await pictureOf(first).getAttribute('src')
    await page.reload()
    await view(page, 'Write').click()
    expect(await storyBox(page).inputValue()).toBe(story)
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).toBe('The Fox and the Lighthouse')
    await view(page, 'Scenes').click()
    await expect.poll(() => sceneCards(page).count()).toBe(count)
    const reloaded = sceneCards(page).first()
    expect(await reloaded.getByRole('textbox', { name: /^Prompt for/ }).inputValue()).toBe(prompt)
    expect(await reloaded.getByRole('button', { name: /^Variant \d: Use this variant/ }).count()).toBe(2)
    expect(await pictureOf(reloaded).getAttribute('src')).toBe(picture)
    expect(await loadedWidth(pictureOf(reloaded))).toBe(128)
    await view(page, 'Book').click()
    expect(await page.getByRole('combobox', { name: 'Print resolution' }).inputValue()).toBe('300')
  })

  it('deletes a variant and its picture file', async () => {
    const { page } = harness
    await view(page, 'Scenes').click()
    const first = sceneCards(page).first()
    const projectId = /\/projects\/([a-z0-9-]+)\/pictures\//.exec((await pictureOf(first).getAttribute('src')) ?? '')![1]
    const pictures = join(harness.studio.dataDir, 'projects', projectId, 'pictures')
    const before = readdirSync(pictures)
    await first.getByText(/^Variant 1/).click()
    await first.getByRole('button', { name: 'Delete variant 1' }).click()
    await expect.poll(() => first.getByRole('button', { name: /^Variant \d: Use this variant/ }).count()).toBe(1)
    const after = readdirSync(pictures)
    expect(after).toHaveLength(before.length - 1)
    expect(after.every((file) => before.includes(file))).toBe(true)
  })

  it('switches to Simplified Chinese and back', async () => {
    const { page } = harness
    await view(page, 'Settings').click()
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await view(page, '写作').waitFor()
    await page.getByRole('combobox', { name: '语言' }).selectOption('en')
    await view(page, 'Write').waitFor()
  })

  it('has no serious or critical accessibility problem in any view, theme or language (screenshots kept)', async () => {
    const { page } = harness
    const problems: (AxeProblem & { where: string })[] = []
    for (const theme of ['light', 'dark'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        await page.evaluate(`localStorage.setItem('taleweaver:settings', '${JSON.stringify({ theme, locale })}')`)
        await page.reload()
        for (const [index, name] of views.entries()) {
          await page.getByRole('navigation').getByRole('button').nth(index).click()
          if (name === 'Book') await page.frameLocator('iframe[title]').getByText('The Fox and the Lighthouse').first().waitFor()
          await page.waitForTimeout(300)
          await page.screenshot({ path: join(SCREENSHOT_DIR, 'views', `${name.toLowerCase()}-${theme}-${locale}.png`), fullPage: true })
          for (const problem of await seriousAxeViolations(page)) problems.push({ ...problem, where: `${name} ${theme} ${locale}` })
        }
      }
    }
    expect(problems).toEqual([])
  })
})
