import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PackManifest } from '../../../../src/shared/pack-manifest'
import { verifyPack } from '../../../../src/main/studio/packs/verify-pack'
import { writeTestPack } from './pack-folders'

describe('verifyPack', () => {
  it('reports files the manifest does not list, besides missing and changed ones', async () => {
    const dir = await writeTestPack(await mkdtemp(join(tmpdir(), 'tw-verify-')), 'checked', 'text')
    const manifest = PackManifest.parse(JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8')))
    expect(await verifyPack({ manifest, dir, bundled: false })).toEqual({ ok: true, problems: [] })
    await writeFile(join(dir, 'onnx', 'hidden-weight.bin'), 'three gigabytes, in spirit')
    expect(await verifyPack({ manifest, dir, bundled: false })).toEqual({ ok: false, problems: ['onnx/hidden-weight.bin: not listed in pack.json'] })
  })
})
