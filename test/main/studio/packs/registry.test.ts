import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PackRegistry } from '../../../../src/main/studio/packs/registry'
import { writeGpt2Export } from './export-folders'
import { gpt2SignatureModel } from '../../formats/onnx/model-files'
import { inspectInProcess, writeTestPack } from './pack-folders'

let root: string
let dataDir: string
let resourcesDir: string
let bundled: string
let installed: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tw-registry-'))
  dataDir = join(root, 'data')
  resourcesDir = join(root, 'resources')
  bundled = join(resourcesDir, 'models')
  installed = join(dataDir, 'packs')
  await mkdir(bundled, { recursive: true })
  await mkdir(installed, { recursive: true })
})
afterEach(() => rm(root, { recursive: true, force: true }))

const open = () => new PackRegistry({ dataDir, resourcesDir, inspect: inspectInProcess })

describe('PackRegistry', () => {
  it('lists bundled and installed packs and skips folders that are not valid packs', async () => {
    await writeTestPack(bundled, 'starter-story', 'text')
    await writeTestPack(installed, 'other-text', 'text')
    await writeTestPack(installed, 'pictures', 'image')
    await mkdir(join(installed, 'no-manifest'))
    await writeTestPack(installed, 'mismatch', 'text')
    await writeFile(join(installed, 'mismatch', 'pack.json'), (await readFile(join(installed, 'mismatch', 'pack.json'), 'utf8')).replace('"mismatch"', '"renamed"'))
    await writeTestPack(installed, 'evil', 'text', { 'a.onnx': 'x' })
    const evilManifest = JSON.parse(await readFile(join(installed, 'evil', 'pack.json'), 'utf8'))
    evilManifest.files[0].path = '../starter-story/pack.json'
    await writeFile(join(installed, 'evil', 'pack.json'), JSON.stringify(evilManifest))
    await mkdir(join(installed, '.import-123'))

    const registry = open()
    const list = await registry.list()
    expect(list.map((p) => [p.id, p.bundled, p.active])).toEqual([
      ['starter-story', true, true],
      ['other-text', false, false],
      ['pictures', false, true],
    ])
    const { skipped } = await registry.scan()
    expect(skipped.map((s) => s.dir.split('/').pop()).sort()).toEqual(['evil', 'mismatch', 'no-manifest'])
  })

  it('defaults to the starter packs, else the first pack of each kind, and remembers a choice', async () => {
    await writeTestPack(installed, 'b-text', 'text')
    await writeTestPack(installed, 'a-text', 'text')
    expect(await open().active()).toEqual({ text: 'a-text', image: null, upscaler: null })
    await writeTestPack(bundled, 'starter-story', 'text')
    await writeTestPack(bundled, 'starter-pictures', 'image')
    await writeTestPack(installed, 'pictures', 'image')
    expect(await open().active()).toEqual({ text: 'starter-story', image: 'starter-pictures', upscaler: null })

    const { active, previous } = await open().use('b-text')
    expect(active).toEqual({ text: 'b-text', image: 'starter-pictures', upscaler: null })
    expect(previous?.manifest.id).toBe('starter-story')
    await open().use('pictures')
    // A fresh registry (next launch) sees both choices, made independently.
    expect(await open().active()).toEqual({ text: 'b-text', image: 'pictures', upscaler: null })
    const settings = JSON.parse(await readFile(join(dataDir, 'active-packs.json'), 'utf8'))
    expect(settings).toEqual({ formatVersion: 1, active: { text: 'b-text', image: 'pictures' }, weights: {} })
  })

  it("remembers the weights picked for each text pack, forgets them on auto or removal, and refuses them for other kinds", async () => {
    await writeTestPack(installed, 'a-text', 'text')
    await writeTestPack(installed, 'b-text', 'text')
    await writeTestPack(installed, 'pictures', 'image')
    await open().use('a-text', 'int8')
    await open().use('b-text', 'q4')
    expect([(await open().details('a-text')).weights, (await open().details('b-text')).weights, (await open().details('pictures')).weights]).toEqual(['int8', 'q4', null])
    expect((await open().resolve('text', 'a-text')).weights).toBe('int8')
    // Using a pack without naming weights keeps its pick.
    await open().use('a-text')
    expect((await open().details('a-text')).weights).toBe('int8')
    await open().use('a-text', 'auto')
    expect((await open().details('a-text')).weights).toBe('auto')
    await open().remove('b-text')
    expect(JSON.parse(await readFile(join(dataDir, 'active-packs.json'), 'utf8')).weights).toEqual({})
    await expect(open().use('pictures', 'int8')).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('resolves by id or by the active pack, and refuses a pack of the other kind', async () => {
    await writeTestPack(bundled, 'starter-story', 'text')
    await writeTestPack(installed, 'pictures', 'image')
    const registry = open()
    const text = await registry.resolve('text')
    expect(text).toMatchObject({ id: 'starter-story', kind: 'text', architecture: 'gpt2', dir: join(bundled, 'starter-story'), defaults: { temperature: 0.7 } })
    expect((await registry.resolve('image', 'pictures')).dir).toBe(join(installed, 'pictures'))
    await expect(registry.resolve('image', 'starter-story')).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(registry.resolve('text', 'nope')).rejects.toMatchObject({ code: 'not-found' })
    await rm(join(bundled, 'starter-story'), { recursive: true })
    await expect(registry.resolve('text')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('removes installed packs only, and forgets a removed active choice', async () => {
    await writeTestPack(bundled, 'starter-story', 'text')
    await writeTestPack(installed, 'mine', 'text')
    const registry = open()
    await registry.use('mine')
    await expect(registry.remove('starter-story')).rejects.toMatchObject({ code: 'invalid-input' })
    const { active } = await registry.remove('mine')
    expect(active.text).toBe('starter-story')
    await expect(registry.get('mine')).rejects.toMatchObject({ code: 'not-found' })
    expect((await registry.scan()).skipped).toEqual([])
  })

  it('opens a folder for this process only, checking its models, with or without pack.json', async () => {
    const elsewhere = join(root, 'elsewhere')
    const model = gpt2SignatureModel()
    await writeTestPack(elsewhere, 'loose', 'text', { 'onnx/model.onnx': model })
    const registry = open()
    expect(await registry.openFolder(join(elsewhere, 'loose'))).toBe('loose')
    expect((await registry.resolve('text', 'loose')).dir).toBe(join(elsewhere, 'loose'))
    expect(await registry.list()).toEqual([])
    await expect(open().get('loose')).rejects.toMatchObject({ code: 'not-found' })
    await expect(registry.openFolder(join(root, 'missing'))).rejects.toMatchObject({ code: 'not-found' })

    const plain = await writeGpt2Export(join(elsewhere, 'Plain Export'))
    const before = await readdir(plain, { recursive: true })
    expect(await registry.openFolder(plain)).toBe('plain-export')
    expect((await registry.resolve('text', 'plain-export')).architecture).toBe('gpt2')
    expect(await readdir(plain, { recursive: true })).toEqual(before)

    const broken = await writeGpt2Export(join(elsewhere, 'broken'), { model: gpt2SignatureModel('ids') })
    await expect(registry.openFolder(broken)).rejects.toMatchObject({ code: 'pack-invalid' })
  })
})
