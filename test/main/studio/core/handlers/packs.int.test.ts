import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256File } from '../../../../../src/main/studio/packs/file-hash'
import { listPackFiles } from '../../../../../src/main/studio/packs/pack-files'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import type { ContractEvents, PackInstallResult } from '../../../../../src/shared/contract'
import { runJob } from '../../../../../src/shared/run-job'
import { IMAGE_FIXTURES, TEXT_FIXTURES, fixturePacks } from '../../../../fixtures/packs'

let scratch: string
let studio: Studio
let fixtures: Record<string, string>
const changes: ContractEvents['packs.changed'][] = []
const releases: string[] = []

beforeAll(async () => {
  fixtures = await fixturePacks()
  scratch = await mkdtemp(join(tmpdir(), 'packs-handlers-'))
  // An empty resources folder: no bundled packs, so every default comes from imports.
  const dataDir = join(scratch, 'data')
  studio = createStudio({ dataDir, packs: { resourcesDir: join(scratch, 'resources') } })
  studio.on('packs.changed', (event) => changes.push(event))
  // Pass-through observer of the engine calls the packs handlers make (the inference process still runs them).
  const run = studio.engine.run.bind(studio.engine)
  studio.engine.run = ((method: string, params: { dir: string }, options?: unknown) => {
    if (method === 'packs.release') releases.push(params.dir)
    return run(method as never, params as never, options as never)
  }) as typeof studio.engine.run
})
afterAll(async () => {
  await studio.close()
  await rm(scratch, { recursive: true, force: true })
})

/** Copies a fixture without its pack.json, as a plain Optimum / diffusers export would come. */
async function plainExport(name: string): Promise<string> {
  const dir = join(scratch, 'exports', name)
  await cp(fixtures[name], dir, { recursive: true })
  await rm(join(dir, 'pack.json'))
  return dir
}

async function importPlain(name: string): Promise<PackInstallResult> {
  return await runJob(studio, 'packs.import', { path: await plainExport(name) })
}

async function declared(name: string): Promise<{ kind: string; architecture: string }> {
  return JSON.parse(await readFile(join(fixtures[name], 'pack.json'), 'utf8'))
}

describe('fixture exports imported without pack.json become packs the engines run', () => {
  it.each(Object.values(TEXT_FIXTURES))('%s generates text', async (name) => {
    const { pack } = await importPlain(name)
    expect(pack).toMatchObject({ id: name, kind: 'text', architecture: (await declared(name)).architecture })
    const result = await runJob(studio, 'text.generate', { pack: pack.id, prompt: 'Once upon a time', options: { maxNewTokens: 4, seed: 1 } })
    expect(result.tokens).toBeGreaterThan(0)
  })

  // The heavy UNet is only for benchmarks: imported and checked, rendered elsewhere.
  const images = Object.values(IMAGE_FIXTURES).filter((name) => name !== IMAGE_FIXTURES.heavy)
  it.each(images)('%s renders a picture', async (name) => {
    const { pack } = await importPlain(name)
    expect(pack).toMatchObject({ id: name, kind: 'image', architecture: (await declared(name)).architecture })
    const result = await runJob(studio, 'image.render', { pack: pack.id, prompt: 'a fox', steps: 2, width: 64, height: 64, seed: 3 })
    expect([result.width, result.height, result.steps]).toEqual([64, 64, 2])
    expect(Buffer.from(result.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG')
  })

  it('refuses a pack whose UNet does not fit its declared architecture, naming the file', async () => {
    // An SD 1.5 pack (with its pack.json) whose UNet is the LCM one: timestep_cond is an input
    // the SD 1.5 pipeline never feeds. The hashes are rewritten so only the signature is wrong.
    const dir = join(scratch, 'exports', 'swapped')
    await cp(fixtures[IMAGE_FIXTURES.sd], dir, { recursive: true })
    await cp(join(fixtures[IMAGE_FIXTURES.lcm], 'unet'), join(dir, 'unet'), { recursive: true, force: true })
    const manifest = JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8'))
    expect(manifest.architecture).toBe('sd15')
    const files = []
    for (const file of await listPackFiles(dir)) files.push({ ...file, sha256: await sha256File(join(dir, file.path)) })
    await writeFile(join(dir, 'pack.json'), JSON.stringify({ ...manifest, id: 'swapped', files }))
    await expect(runJob(studio, 'packs.import', { path: dir })).rejects.toMatchObject({ code: 'pack-invalid', message: /unet\/model\.onnx.*timestep_cond/ })
    await expect(studio.call('packs.show', { id: 'swapped' })).rejects.toMatchObject({ code: 'not-found' })
  })
})

describe('switching, listing and removing through the studio', () => {
  it('switches the active pack, announces it and releases the previous sessions', async () => {
    const list = await studio.call('packs.list', {})
    const text = list.filter((pack) => pack.kind === 'text')
    expect(text.filter((pack) => pack.active)).toHaveLength(1)
    const [first, second] = text
    await studio.call('packs.use', { id: first.id })
    await runJob(studio, 'text.generate', { prompt: 'Hello', options: { maxNewTokens: 2 } })
    releases.length = 0
    changes.length = 0
    const active = await studio.call('packs.use', { id: second.id })
    expect(active.text).toBe(second.id)
    expect(changes.at(-1)).toEqual({ active })
    expect(releases).toEqual([first.path])
    // The image choice was left alone.
    expect(active.image).toBe((await studio.call('packs.list', {})).find((pack) => pack.kind === 'image' && pack.active)?.id)
  })

  it('verifies and removes an installed pack', async () => {
    const id = TEXT_FIXTURES.gpt2Merged
    expect(await studio.call('packs.verify', { id })).toEqual({ ok: true, problems: [] })
    const details = await studio.call('packs.show', { id })
    releases.length = 0
    const { removed } = await studio.call('packs.remove', { id })
    expect(removed).toBe(true)
    expect(releases).toEqual([details.path])
    await expect(studio.call('packs.show', { id })).rejects.toMatchObject({ code: 'not-found' })
  })
})
