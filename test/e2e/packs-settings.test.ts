import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceResourcesDir } from '../../src/main/studio/core/paths'
import { fixturePacks, TEXT_FIXTURES } from '../fixtures/packs'
import { seriousAxeViolations, type AxeProblem } from './accessibility'
import { openStudioInBrowser, SCREENSHOT_DIR, type StudioHarness } from './studio-harness'

let harness: StudioHarness
let fixtureDir: string
let fixtureName: string

const view = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true })

beforeAll(async () => {
  fixtureDir = (await fixturePacks())[TEXT_FIXTURES.gpt2]
  fixtureName = JSON.parse(await readFile(join(fixtureDir, 'pack.json'), 'utf8')).name
  harness = await openStudioInBrowser(sourceResourcesDir())
  mkdirSync(join(SCREENSHOT_DIR, 'packs-settings'), { recursive: true })
}, 300_000)
afterAll(async () => harness?.close())

describe('settings and packs in the studio (Chromium, starter packs and a fixture text pack)', () => {
  it('keeps where models run and their threads in the data folder, across a reload', async () => {
    const { page } = harness
    await view(page, 'Settings').click()
    const plan = page.locator('.provider-plan')
    // No GPU provider is installed here: the plan says the CPU runs the models.
    await expect.poll(() => plan.textContent()).toMatch(/^Models will run on cpu \(CPU threads: \d+\)\.$/)
    await page.getByRole('combobox', { name: 'Run models on' }).selectOption('cpu')
    await expect.poll(async () => (await harness.studio.call('settings.get', {})).engine.device).toBe('cpu')
    const threads = page.getByRole('spinbutton', { name: 'CPU threads (0 = automatic)' })
    await threads.fill('1')
    await threads.press('Enter')
    await expect.poll(() => plan.textContent()).toBe('Models will run on cpu (CPU threads: 1).')
    // This studio runs on Linux, where huge pages apply: turned off, the next run starts a new inference process.
    await page.getByRole('checkbox', { name: 'Large memory pages' }).uncheck()
    await expect.poll(async () => (await harness.studio.call('settings.get', {})).engine.hugePages).toBe(false)
    expect(await page.locator('.data-folder').textContent()).toBe(harness.studio.dataDir)

    await page.reload()
    await view(page, 'Settings').click()
    await expect.poll(() => plan.textContent()).toBe('Models will run on cpu (CPU threads: 1).')
    expect(await page.getByRole('combobox', { name: 'Run models on' }).inputValue()).toBe('cpu')
    expect(await page.getByRole('spinbutton', { name: 'CPU threads (0 = automatic)' }).inputValue()).toBe('1')
    expect(await page.getByRole('checkbox', { name: 'Large memory pages' }).isChecked()).toBe(false)
    const stored = JSON.parse(await readFile(join(harness.studio.dataDir, 'engine-settings.json'), 'utf8'))
    expect(stored.engine).toEqual({ device: 'cpu', gpuIndex: 0, threads: 1, hugePages: false })
  })

  it('says before use whether each pack fits this machine and what runs it', async () => {
    const { page } = harness
    await view(page, 'Packs').click()
    const story = page.getByRole('listitem').filter({ hasText: 'Starter Story' })
    await expect.poll(() => story.locator('.fit-verdict').textContent()).toMatch(/^Fits: needs about [\d.]+ [KMG]iB, [\d.]+ [KMG]iB of this machine's [\d.]+ GiB free\. Runs on cpu\.$/)
    expect(await story.locator('.pack-fit').textContent()).toContain('for a full 256-token window')
  })

  it('offers to optimize a text pack once it is imported, runs it, shows what it measured, and lets the person pick the weights', async () => {
    const { page } = harness
    await page.getByRole('textbox', { name: 'Folder or zip to import' }).fill(fixtureDir)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const offer = page.getByRole('region', { name: `${fixtureName} was added. Make it faster?` })
    await offer.waitFor({ timeout: 60_000 })
    await offer.getByRole('combobox', { name: 'Optimize to' }).selectOption('int8')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'packs-settings', 'optimize-offer.png'), fullPage: true })
    await offer.getByRole('button', { name: `Optimize ${fixtureName}` }).click()

    const row = page.getByRole('listitem').filter({ has: page.getByText(fixtureName, { exact: true }) })
    const result = row.locator('.optimize-result')
    await result.waitFor({ timeout: 120_000 })
    expect(await result.textContent()).toMatch(/^int8: [\d.]+ [KM]iB, [\d.]+× the speed of the original, top-1 agreement [\d.]+%, perplexity -?[\d.]+%\.$/)
    await expect.poll(() => offer.count()).toBe(0)

    // On the CPU the 8-bit variant runs once the pack has one.
    const variants = row.getByRole('table', { name: `Weight variants of ${fixtureName}` })
    await expect.poll(() => variants.getByRole('row').allTextContents()).toEqual([
      expect.stringMatching(/^WeightsSizeSpeedAgreement$/),
      expect.stringMatching(/^int8runs[\d.]+ [KM]iB[\d.]+× the original[\d.]+%$/),
      expect.stringMatching(/^fp32[\d.]+ [KM]iBthe originalthe original$/),
    ])

    await row.getByRole('button', { name: `Use ${fixtureName}` }).click()
    const choose = row.getByRole('combobox', { name: 'Weights that run' })
    await choose.waitFor()
    await choose.selectOption('fp32')
    await expect.poll(() => variants.getByRole('row').allTextContents()).toContainEqual(expect.stringMatching(/^fp32runs/))
    expect((await harness.studio.call('packs.show', { id: (await harness.studio.call('packs.list', {})).find((pack) => pack.name === fixtureName)!.id })).weights).toBe('fp32')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'packs-settings', 'packs-variants.png'), fullPage: true })
  })

  it('has no serious or critical accessibility problem in Packs and Settings, in both themes and languages (screenshots kept)', async () => {
    const { page } = harness
    const problems: (AxeProblem & { where: string })[] = []
    for (const theme of ['light', 'dark'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        await page.evaluate(`localStorage.setItem('taleweaver:settings', '${JSON.stringify({ theme, locale })}')`)
        await page.reload()
        for (const index of [3, 4]) {
          await page.getByRole('navigation').getByRole('button').nth(index).click()
          await page.locator(index === 3 ? '.pack-fit' : '.provider-plan').first().waitFor()
          const name = index === 3 ? 'packs' : 'settings'
          await page.screenshot({ path: join(SCREENSHOT_DIR, 'packs-settings', `${name}-${theme}-${locale}.png`), fullPage: true })
          for (const problem of await seriousAxeViolations(page)) problems.push({ ...problem, where: `${name} ${theme} ${locale}` })
        }
      }
    }
    expect(problems).toEqual([])
  })
})
