import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import yazl from 'yazl'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importPack } from '../../../../src/main/studio/packs/import-pack'
import type { InstallContext } from '../../../../src/main/studio/packs/install-pack'
import { PackRegistry } from '../../../../src/main/studio/packs/registry'
import { writeGpt2Export } from './export-folders'
import { encodeEdited, gpt2SignatureModel } from '../../formats/onnx/model-files'
import { inspectInProcess, writeTestPack } from './pack-folders'
import { craftZip, type RawEntry } from './zip-crafter'
import { encodeModel } from '../../../../tools/fixtures/onnx/graph-builder'
import { UPSCALER_LAYOUTS, buildUpscaler } from '../../../../tools/fixtures/upscale/upscaler'

let root: string
let registry: PackRegistry

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tw-import-'))
  registry = new PackRegistry({ dataDir: join(root, 'data'), resourcesDir: join(root, 'resources'), inspect: inspectInProcess })
  await mkdir(registry.installedRoot, { recursive: true })
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** The inspection runs in-process here; the studio runs the same method in its inference process. */
const context = (): InstallContext => ({
  registry,
  signal: new AbortController().signal,
  inspect: inspectInProcess,
})

const listing = async () => (await readdir(root, { recursive: true })).filter((p) => !p.startsWith('sources')).sort()

function yazlZip(path: string, files: Record<string, Uint8Array | string>, options: Partial<yazl.Options> = {}): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name, options)
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('end', () => writeFile(path, Buffer.concat(chunks)).then(resolve, reject))
  })
}

describe('importPack', () => {
  it('recognises a plain GPT-2 export, derives its manifest and installs it', async () => {
    const source = await writeGpt2Export(join(root, 'sources', 'My Tiny GPT'))
    const { entry, notices } = await importPack(source, context())
    expect(entry.manifest).toMatchObject({ id: 'my-tiny-gpt', kind: 'text', architecture: 'gpt2', defaults: { temperature: 0.9, topK: 30 } })
    expect(entry.manifest.files.map((f) => f.path)).toEqual(['config.json', 'generation_config.json', 'onnx/model.onnx', 'tokenizer.json'])
    expect(notices.join('\n')).toMatch(/max_new_tokens/)
    expect((await registry.get('my-tiny-gpt')).dir).toBe(join(registry.installedRoot, 'my-tiny-gpt'))
    const written = JSON.parse(await readFile(join(entry.dir, 'pack.json'), 'utf8'))
    expect(written.files[2].sha256).toMatch(/^[0-9a-f]{64}$/)
    // Work folders are gone; only the pack remains.
    expect(await readdir(registry.installedRoot)).toEqual(['my-tiny-gpt'])
    await expect(importPack(source, context())).rejects.toMatchObject({ code: 'invalid-input', message: /already installed/ })
  })

  it('recognises a super-resolution export (one ONNX file, no config) as an upscaler, in each layout', async () => {
    const exportFolder = async (name: string, files: Record<string, Uint8Array>) => {
      const dir = join(root, 'sources', name)
      await mkdir(dir, { recursive: true })
      for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes)
      return dir
    }
    const model = (layout: keyof typeof UPSCALER_LAYOUTS) => encodeModel(buildUpscaler(UPSCALER_LAYOUTS[layout], 1))
    const half = await importPack(await exportFolder('RealESRGAN x4 fp16', { 'realesrgan-x4-fp16.onnx': model('fp16') }), context())
    expect(half.entry.manifest).toMatchObject({ id: 'realesrgan-x4-fp16', kind: 'upscaler', architecture: 'esrgan', defaults: {} })
    expect(half.notices.join('\n')).toMatch(/recognised as a esrgan upscaler pack/)
    const tiles = await importPack(await exportFolder('Tiles', { 'model.onnx': model('tile64') }), context())
    expect(tiles.entry.manifest.defaults).toEqual({ scale: 2, tile: 64 })
    const two = await exportFolder('Two', { 'x2.onnx': model('tile64'), 'x4.onnx': model('dynamic') })
    await expect(importPack(two, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /exactly one model/ })
  })

  it('imports a zip that wraps the pack in one folder, made with yazl', async () => {
    const source = await writeGpt2Export(join(root, 'sources', 'gpt'))
    const files: Record<string, Uint8Array> = {}
    for (const path of ['config.json', 'generation_config.json', 'tokenizer.json', 'onnx/model.onnx']) files[`wrapped/${path}`] = await readFile(join(source, path))
    await yazlZip(join(root, 'sources', 'archive.zip'), files)
    const { entry } = await importPack(join(root, 'sources', 'archive.zip'), context())
    expect(entry.manifest.id).toBe('wrapped')
  })

  it('refuses a pack whose file differs from its pack.json, leaving nothing behind', async () => {
    const dir = await writeTestPack(join(root, 'sources'), 'tampered', 'text', { 'onnx/model.onnx': gpt2SignatureModel() })
    const model = await readFile(join(dir, 'onnx/model.onnx'))
    model[model.length - 1] ^= 1
    await writeFile(join(dir, 'onnx/model.onnx'), model)
    const before = await listing()
    await expect(importPack(dir, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /sha256/ })
    expect(await listing()).toEqual(before)
  })

  it('keeps only the files pack.json names: an archive or folder with others is refused with their names, before anything is extracted', async () => {
    const dir = await writeTestPack(join(root, 'sources'), 'padded', 'text', { 'onnx/model.onnx': gpt2SignatureModel() })
    const files: Record<string, Uint8Array | string> = {
      'padded/pack.json': await readFile(join(dir, 'pack.json')),
      'padded/onnx/model.onnx': await readFile(join(dir, 'onnx/model.onnx')),
      // Compresses to almost nothing, as the 3 GiB file of a hostile archive would.
      'padded/extra/filler.bin': new Uint8Array(4 * 2 ** 20),
      'padded/notes.txt': 'hello',
    }
    await yazlZip(join(root, 'sources', 'padded.zip'), files)
    const extracted: string[] = []
    const refused = importPack(join(root, 'sources', 'padded.zip'), { ...context(), progress: ({ stage }) => extracted.push(stage) })
    await expect(refused).rejects.toMatchObject({ code: 'pack-invalid', message: expect.stringMatching(/extra\/filler\.bin.*notes\.txt|notes\.txt.*extra\/filler\.bin/) })
    expect(extracted).toEqual([])
    expect(await readdir(registry.installedRoot)).toEqual([])

    await writeFile(join(dir, 'stowaway.bin'), 'not in pack.json')
    await expect(importPack(dir, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /stowaway\.bin/ })
  })

  it('bounds an archive by the sizes its pack.json declares', async () => {
    const dir = await writeTestPack(join(root, 'sources'), 'swollen', 'text', { 'onnx/model.onnx': gpt2SignatureModel() })
    const model = await readFile(join(dir, 'onnx/model.onnx'))
    await yazlZip(join(root, 'sources', 'swollen.zip'), {
      'pack.json': await readFile(join(dir, 'pack.json')),
      'onnx/model.onnx': Buffer.concat([model, new Uint8Array(2 ** 20)]),
    })
    const stages: string[] = []
    const refused = importPack(join(root, 'sources', 'swollen.zip'), { ...context(), progress: ({ stage }) => stages.push(stage) })
    await expect(refused).rejects.toMatchObject({ code: 'pack-invalid', message: /onnx\/model\.onnx.*pack\.json/ })
    expect(stages).toEqual([])
    expect(await readdir(registry.installedRoot)).toEqual([])
  })

  it('refuses models that do not fit the architecture or need custom operators, naming the file', async () => {
    const wrongName = await writeGpt2Export(join(root, 'sources', 'wrong'), { model: gpt2SignatureModel('ids') })
    await expect(importPack(wrongName, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /onnx\/model\.onnx.*input_ids/ })
    const custom = encodeEdited((m) => {
      m.graph!.node![0].domain = 'com.example.custom'
    })
    const customOps = await writeGpt2Export(join(root, 'sources', 'custom'), { model: custom })
    await expect(importPack(customOps, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /onnx\/model\.onnx.*custom-op/ })
    const llama = await writeGpt2Export(join(root, 'sources', 'llama'), { modelType: 'llama' })
    await expect(importPack(llama, context())).rejects.toMatchObject({ code: 'unsupported' })
    expect(await readdir(registry.installedRoot)).toEqual([])
  })

  it('refuses a folder holding a symlink', async () => {
    const source = await writeGpt2Export(join(root, 'sources', 'linked'))
    await writeFile(join(root, 'secret.txt'), 'secret')
    await symlink(join(root, 'secret.txt'), join(source, 'notes.txt'))
    await expect(importPack(source, context())).rejects.toMatchObject({ code: 'pack-invalid', message: /symbolic link/ })
  })

  it('checks free space before writing anything', async () => {
    const source = await writeGpt2Export(join(root, 'sources', 'big'))
    const before = await listing()
    await expect(importPack(source, context(), { freeSpace: async () => 1000 })).rejects.toMatchObject({ code: 'io', message: /Not enough disk space/ })
    expect(await listing()).toEqual(before)
  })

  const hostile: [string, RawEntry[]][] = [
    ['a parent-folder entry', [{ name: 'config.json', data: '{}' }, { name: '../pack-evil/x', data: 'evil' }]],
    ['an absolute entry', [{ name: '/tmp/pack-evil/x', data: 'evil' }]],
    ['a sibling with the same prefix', [{ name: 'content/../../content-evil/x', data: 'evil' }]],
    ['a symlink', [{ name: 'onnx', data: '/', mode: 0o120777 }, { name: 'onnx/x', data: 'evil' }]],
    ['a deflate bomb with a lying header', [{ name: 'bomb.bin', data: new Uint8Array(20_000_000), deflate: true, declaredSize: 10 }]],
    ['too many entries', Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, data: 'x' }))],
  ]

  it.each(hostile)('refuses a zip with %s and writes nothing outside the target', async (_label, entries) => {
    await mkdir(join(root, 'sources'), { recursive: true })
    const zipPath = join(root, 'sources', 'hostile.zip')
    await writeFile(zipPath, craftZip(entries))
    const before = await listing()
    await expect(importPack(zipPath, context(), { zipLimits: { maxEntries: 32, maxTotalBytes: 1_000_000 } })).rejects.toMatchObject({ code: 'pack-invalid' })
    expect(await listing()).toEqual(before)
    expect(existsSync(join(root, 'pack-evil'))).toBe(false)
    expect(existsSync('/tmp/pack-evil')).toBe(false)
  })

  it('refuses a yazl deflate bomb by its declared size before inflating it', async () => {
    await mkdir(join(root, 'sources'), { recursive: true })
    await yazlZip(join(root, 'sources', 'bomb.zip'), { 'zeros.bin': new Uint8Array(50_000_000) })
    const before = await listing()
    await expect(importPack(join(root, 'sources', 'bomb.zip'), context(), { zipLimits: { maxEntries: 10, maxTotalBytes: 1_000_000 } })).rejects.toMatchObject({
      code: 'pack-invalid',
      message: /expands to more than/,
    })
    expect(await listing()).toEqual(before)
  })
})
