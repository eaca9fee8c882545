import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { embeddedImages } from '../pdf-images'
import { runTaleweaver } from '../run-taleweaver'
import { prerequisite } from '../../../prerequisites'

const starterPresent = ['starter-story', 'starter-pictures'].every((id) => existsSync(join(sourceResourcesDir(), 'models', id, 'pack.json')))
let home: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
})
afterAll(() => rm(home, { recursive: true, force: true }))

describe.skipIf(!prerequisite('the bundled starter packs', starterPresent))('taleweaver story (the main job, on the bundled starter packs)', () => {
  it('continues the opening, illustrates its scenes and writes the storybook PDF', async () => {
    const out = join(home, 'fox.pdf')
    const opening = 'Once upon a time, Gretel and her brother Hansel lived at the edge of a great forest.'
    const run = await taleweaver('story', opening, '--out', out, '--pages', '2', '--max-new-tokens', '60', '--steps', '2', '--seed', '3', '--json')
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.story.startsWith(opening)).toBe(true)
    expect(result.story.length).toBeGreaterThan(opening.length)
    expect(result.scenes.length).toBeGreaterThanOrEqual(1)
    expect(result.title).toBe('The Tale of Gretel')

    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('The Tale of Gretel')
    expect(text).toContain('Once upon a time, Gretel and her brother Hansel')
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n').slice(2)
    expect(images.length).toBe(result.scenes.length)
    // The starter pack paints 128 px; the book prints at 150 dpi by default, so the bundled upscaler enlarged each.
    for (const line of images) expect(Number(line.trim().split(/\s+/)[3]), line).toBeGreaterThanOrEqual(512)
    for (const image of embeddedImages(out)) expect(Math.min(image.xPpi, image.yPpi), JSON.stringify(image)).toBeGreaterThanOrEqual(150)
    // A picture on every page, and the project kept in the data folder.
    expect(result.scenes.every((scene: { picture?: unknown }) => scene.picture)).toBe(true)
    expect(dirname(result.project)).toBe(join(home, 'projects'))
    expect(existsSync(join(result.project, 'project.json'))).toBe(true)
  })

  it('refuses an empty opening with one line and a non-zero exit', async () => {
    const run = await taleweaver('story', '   ', '--out', join(home, 'x.pdf'))
    expect(run.code).not.toBe(0)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(home, 'x.pdf'))).toBe(false)
  })
})
