import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { TEXT_FIXTURES, fixturePacks } from '../../../fixtures/packs'
import { canPrintPdf, prerequisite } from '../../../prerequisites'
import { runTaleweaver } from '../run-taleweaver'

const ready =
  prerequisite('the bundled starter picture pack', existsSync(join(sourceResourcesDir(), 'models', 'starter-pictures', 'pack.json'))) &&
  prerequisite('Chromium and poppler-utils', canPrintPdf())
let home: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
})
afterAll(() => rm(home, { recursive: true, force: true }))

describe.skipIf(!ready)('taleweaver story in Chinese (WordPiece text pack, starter picture pack)', () => {
  it('writes a Chinese book with English picture prompts', { timeout: 180_000 }, async () => {
    const pack = (await fixturePacks())[TEXT_FIXTURES.gpt2Chinese]
    const out = join(home, 'afu.pdf')
    const opening = '从前，森林的边上住着一只小狐狸，名叫阿福。有一天，阿福在河边遇见了一只小白兔。'
    // The Chinese text pack, installed and made the active one.
    expect((await taleweaver('packs', 'import', pack)).code).toBe(0)
    expect((await taleweaver('packs', 'use', `fixture-${TEXT_FIXTURES.gpt2Chinese}`)).code).toBe(0)
    const run = await taleweaver('story', opening, '--out', out, '--pages', '2', '--max-new-tokens', '40', '--steps', '2', '--seed', '3', '--json')
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as { story: string; title: string; scenes: { prompt: string; characters: string[] }[] }

    expect(result.story.startsWith(opening)).toBe(true)
    const continuation = result.story.slice(opening.length)
    expect(continuation).toMatch(/\p{Script=Han}/u)
    expect(result.story).not.toMatch(/\[(?:UNK|SEP|PAD|CLS)\]/)
    expect(result.story).not.toMatch(/\p{Script=Han}\s+\p{Script=Han}/u)
    expect(result.title).toBe('阿福的故事')

    expect(result.scenes.length).toBeGreaterThanOrEqual(1)
    for (const scene of result.scenes) {
      expect(scene.prompt).not.toMatch(/\p{Script=Han}/u)
      expect(scene.prompt).toMatch(/watercolor/)
    }
    expect(result.scenes.some((scene) => scene.prompt.includes('Afu'))).toBe(true)

    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(images.length).toBe(result.scenes.length)
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    expect(text).toContain('阿福的故事')
    expect(text).toContain(opening)
  })
})
