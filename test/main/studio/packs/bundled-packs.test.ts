import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PackManifest } from '../../../../src/shared/pack-manifest'
import { sourceResourcesDir } from '../../../../src/main/studio/core/paths'
import { verifyPack } from '../../../../src/main/studio/packs/verify-pack'
import { fileTypeOf } from '../../../../src/main/formats/file-types'

const models = join(sourceResourcesDir(), 'models')

describe('the bundled packs', () => {
  it.each(readdirSync(models))('%s verifies: every file listed, none changed, none unlisted', async (id) => {
    const dir = join(models, id)
    const manifest = PackManifest.parse(JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')))
    expect(await verifyPack({ manifest, dir, bundled: true })).toEqual({ ok: true, problems: [] })
  })

  it("keeps the starter upscaler's contact sheet beside its README, which shows it", () => {
    const dir = join(models, 'starter-upscaler')
    const manifest = PackManifest.parse(JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')))
    expect(manifest.files.map((file) => file.path)).toContain('contact-sheet.png')
    expect(existsSync(join(dir, 'contact-sheet.png'))).toBe(true)
    expect(fileTypeOf(readFileSync(join(dir, 'contact-sheet.png')))).toBe('image/png')
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('](contact-sheet.png)')
  })
})
