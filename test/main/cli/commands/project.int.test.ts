import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProjectDocument } from '../../../../src/shared/contract'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { embeddedImages } from '../pdf-images'
import { runTaleweaver } from '../run-taleweaver'

const starterPresent = ['starter-story', 'starter-pictures'].every((id) => existsSync(join(sourceResourcesDir(), 'models', id, 'pack.json')))
if (process.env.CI === 'true' && !starterPresent) throw new Error('The bundled starter packs are missing.')
const bin = join(import.meta.dirname, '../../../../bin/taleweaver.js')
const OPENING = 'Once upon a time, a little fox lived at the edge of a great forest with her friend the crow.'
let home: string
const taleweaver = (...args: string[]) => runTaleweaver(args, { TALEWEAVER_HOME: home })

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'taleweaver-home-'))
})
afterAll(() => rm(home, { recursive: true, force: true }))

const documentOf = (dir: string): ProjectDocument => JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')).document
/** Every picture file of a project folder, by name, with its bytes. */
const picturesOf = (dir: string) => new Map(readdirSync(join(dir, 'pictures')).map((name) => [name, readFileSync(join(dir, 'pictures', name))]))

describe.skipIf(!starterPresent)('taleweaver project (on the bundled starter packs)', () => {
  const dir = () => join(home, 'fox-book')

  it('story --project --dpi 300 keeps the project, with a picture on every page, says where, and prints at 300 dpi', async () => {
    const out = join(home, 'fox.pdf')
    const run = await taleweaver('story', OPENING, '--out', out, '--project', dir(), '--pages', '3', '--max-new-tokens', '90', '--steps', '2', '--seed', '5', '--dpi', '300', '--json')
    expect(run.code, run.stderr).toBe(0)
    expect(embeddedImages(out).length).toBeGreaterThan(0)
    for (const image of embeddedImages(out)) expect(Math.min(image.xPpi, image.yPpi), JSON.stringify(image)).toBeGreaterThanOrEqual(300)
    const result = JSON.parse(run.stdout)
    expect(result.project).toBe(dir())
    expect(result.job).toBe('done')
    const document = documentOf(dir())
    expect(document.scenes.length).toBe(result.scenes.length)
    expect(document.scenes.every((scene) => scene.chosenVariant && existsSync(join(dir(), 'pictures', `${scene.chosenVariant}.png`)))).toBe(true)
    expect(document.segments.map((segment) => segment.origin)).toEqual(['person', 'generated'])

    const shown = await taleweaver('project', 'show', dir(), '--json')
    expect(shown.code, shown.stderr).toBe(0)
    const summary = JSON.parse(shown.stdout)
    expect(summary.scenes.map((scene: { picture: { file: string } }) => scene.picture.file)).toEqual(document.scenes.map((scene) => join(dir(), 'pictures', `${scene.chosenVariant}.png`)))
    expect(summary.scenes[0].picture.record).toMatchObject({ pack: { id: 'starter-pictures' }, steps: 2, provider: 'cpu' })
  })

  it('project redo --scene 2 draws a new chosen picture for scene 2 and leaves every other file and the rest of the document as they were', async () => {
    if (documentOf(dir()).scenes.length < 2) throw new Error('The story gave fewer than two scenes.')
    const before = documentOf(dir())
    const picturesBefore = picturesOf(dir())
    const run = await taleweaver('project', 'redo', dir(), '--scene', '2', '--seed', '99', '--json')
    expect(run.code, run.stderr).toBe(0)
    const after = documentOf(dir())
    const picturesAfter = picturesOf(dir())
    for (const [name, bytes] of picturesBefore) expect(picturesAfter.get(name), name).toEqual(bytes)
    const added = [...picturesAfter.keys()].filter((name) => !picturesBefore.has(name))
    expect(added).toEqual([`${after.scenes[1].chosenVariant}.png`])
    expect(after.scenes[1].variants.at(-1)?.record.seed).toBe(99)
    // Everything but scene 2's new variant is the same, down to the order of keys.
    const withoutScene2Pictures = (document: ProjectDocument) =>
      JSON.stringify({ ...document, scenes: document.scenes.map((scene, index) => (index === 1 ? { ...scene, variants: scene.variants.slice(0, before.scenes[1].variants.length), chosenVariant: undefined } : scene)) })
    expect(withoutScene2Pictures(after)).toBe(withoutScene2Pictures(before))
  })

  it('illustrate --from-record rebuilds a picture byte for byte (CPU)', async () => {
    const scene = documentOf(dir()).scenes[0]
    const picture = join(dir(), 'pictures', `${scene.chosenVariant}.png`)
    const out = join(home, 'rebuilt.png')
    const run = await taleweaver('illustrate', '--from-record', picture, '--out', out, '--json')
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(out)).toEqual(readFileSync(picture))
  })

  it('story killed with SIGKILL while illustrating, then project resume: the book completes and the pictures drawn before the kill are unchanged', async () => {
    const killed = join(home, 'killed-book')
    const out = join(home, 'killed.pdf')
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'story', OPENING, '--out', out, '--project', killed, '--pages', '4', '--max-new-tokens', '120', '--steps', '2', '--seed', '8'], {
        env: { ...process.env, TALEWEAVER_HOME: home },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        // Page 3 starts once pages 1 and 2 are drawn and saved.
        if (/Illustrating page 3 of/.test(stderr)) child.kill('SIGKILL')
      })
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`story ended (${code}) before page 3: ${stderr}`))))
    })
    const interrupted = documentOf(killed)
    expect(interrupted.job?.stage).toBe('illustrating')
    const drawn = interrupted.scenes.filter((scene) => scene.chosenVariant)
    expect(drawn.length).toBeGreaterThanOrEqual(2)
    const bytesBefore = new Map(drawn.map((scene) => [scene.id, readFileSync(join(killed, 'pictures', `${scene.chosenVariant}.png`))]))
    expect(existsSync(out)).toBe(false)

    const run = await taleweaver('project', 'resume', killed, '--json')
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ out, job: 'done', drawn: interrupted.scenes.length - drawn.length })
    expect(existsSync(out)).toBe(true)
    const finished = documentOf(killed)
    expect(finished.scenes.every((scene) => scene.chosenVariant)).toBe(true)
    for (const scene of drawn) {
      const now = finished.scenes.find((candidate) => candidate.id === scene.id)
      expect(now?.chosenVariant).toBe(scene.chosenVariant)
      expect(readFileSync(join(killed, 'pictures', `${scene.chosenVariant}.png`))).toEqual(bytesBefore.get(scene.id))
    }
  })

  it('project export writes the PDF; a damaged project is one line and a non-zero exit, the file left as it was', async () => {
    const exported = await taleweaver('project', 'export', dir(), '--out', join(home, 'again.pdf'), '--json')
    expect(exported.code, exported.stderr).toBe(0)
    expect(JSON.parse(exported.stdout).pages).toBeGreaterThan(1)
    // Exported again for print: every picture at 300 dpi or more.
    const forPrint = await taleweaver('project', 'export', dir(), '--out', join(home, 'print.pdf'), '--dpi', '300')
    expect(forPrint.code, forPrint.stderr).toBe(0)
    for (const image of embeddedImages(join(home, 'print.pdf'))) expect(Math.min(image.xPpi, image.yPpi), JSON.stringify(image)).toBeGreaterThanOrEqual(300)
    const broken = join(home, 'broken')
    await taleweaver('story', 'x', '--project', broken, '--pages', '1', '--max-new-tokens', '1', '--steps', '1', '--out', join(home, 'b.pdf'))
    writeFileSync(join(broken, 'project.json'), '{"formatVersion":2,')
    const run = await taleweaver('project', 'show', broken)
    expect(run.code).not.toBe(0)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain(join(broken, 'project.json'))
    expect(readFileSync(join(broken, 'project.json'), 'utf8')).toBe('{"formatVersion":2,')
  })
})
