import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ProjectDocument } from '../../../../src/shared/contract'
import { ContractError } from '../../../../src/shared/errors'
import { ProjectFolder } from '../../../../src/main/studio/projects/project-folder'
import { freshFolder, sampleDocument } from './project-fixtures'

const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])

describe('ProjectFolder', () => {
  it('saves the document after its pictures and opens it again as it was', async () => {
    const folder = new ProjectFolder(freshFolder())
    const document = sampleDocument()
    await folder.writePicture('pic-one', PNG_BYTES)
    await folder.save(document, '2026-12-01T10:00:00.000Z')
    expect(await folder.open()).toEqual({ document, savedAt: '2026-12-01T10:00:00.000Z', readOnly: false, formatVersion: 2 })
    expect(readFileSync(folder.picturePath('pic-one'))).toEqual(Buffer.from(PNG_BYTES))
    // Pictures are files beside the document, never base64 inside it.
    expect(readFileSync(folder.documentPath, 'utf8')).not.toContain('iVBOR')
  })

  it('keeps the version before the last save as the one rolling backup', async () => {
    const folder = new ProjectFolder(freshFolder())
    for (const title of ['one', 'two', 'three']) await folder.save({ ...sampleDocument(), title }, title)
    expect(JSON.parse(readFileSync(folder.backupPath, 'utf8')).document.title).toBe('two')
    expect(JSON.parse(readFileSync(folder.documentPath, 'utf8')).document.title).toBe('three')
    expect(readdirSync(folder.dir).sort()).toEqual(['project.backup.json', 'project.json'])
  })

  it('removes temp files and pictures no document names when it opens', async () => {
    const folder = new ProjectFolder(freshFolder())
    await folder.writePicture('pic-one', PNG_BYTES)
    await folder.writePicture('pic-orphan', PNG_BYTES)
    await folder.save(sampleDocument(), 'now')
    writeFileSync(join(folder.dir, '.project.json.abc123.tmp'), 'partial')
    writeFileSync(join(folder.dir, 'pictures', '.pic-two.png.def456.tmp'), 'partial')
    await folder.open()
    expect(readdirSync(folder.dir).sort()).toEqual(['pictures', 'project.json'])
    expect(readdirSync(join(folder.dir, 'pictures'))).toEqual(['pic-one.png'])
  })

  it('opens a damaged document as a typed error naming the file and offering a backup that opens', async () => {
    const folder = new ProjectFolder(freshFolder())
    await folder.save({ ...sampleDocument(), title: 'good' }, 'earlier')
    await folder.save(sampleDocument(), 'later')
    writeFileSync(folder.documentPath, '{"formatVersion":2,"savedAt":"x","docu')
    const error = await folder.open().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContractError)
    expect(error).toMatchObject({ code: 'io', details: { path: folder.documentPath, backup: { path: folder.backupPath, savedAt: 'earlier' } } })
    expect((error as Error).message).toContain(folder.documentPath)

    const restored = await folder.restoreBackup()
    expect(restored.document.title).toBe('good')
    // The damaged document is kept, renamed, exactly as it was.
    const damaged = readdirSync(folder.dir).find((name) => name.startsWith('project.damaged-')) as string
    expect(readFileSync(join(folder.dir, damaged), 'utf8')).toBe('{"formatVersion":2,"savedAt":"x","docu')
    expect((await folder.open()).document.title).toBe('good')
  })

  it('refuses a document from a newer version that it cannot read, and opens one it can read-only', async () => {
    const folder = new ProjectFolder(freshFolder())
    writeFileSync(folder.documentPath, JSON.stringify({ formatVersion: 99, savedAt: 'later', document: { future: true } }))
    await expect(folder.open()).rejects.toMatchObject({ code: 'unsupported' })
    writeFileSync(folder.documentPath, JSON.stringify({ formatVersion: 99, savedAt: 'later', document: sampleDocument() }))
    expect(await folder.open()).toMatchObject({ readOnly: true })
  })

  it('says not-found for a folder without a project', async () => {
    await expect(new ProjectFolder(freshFolder()).open()).rejects.toMatchObject({ code: 'not-found' })
  })

  it('opens truncated, byte-flipped and wrong-type documents as a typed error and leaves the file as it was', async () => {
    const folder = new ProjectFolder(freshFolder())
    await folder.save(sampleDocument(), 'now')
    const good = readFileSync(folder.documentPath)
    const damage = fc.oneof(
      fc.integer({ min: 0, max: good.length - 1 }).map((length) => good.subarray(0, length)),
      fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
        const flipped = Buffer.from(good)
        flipped[at] ^= mask
        return flipped
      }),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ formatVersion: 2, savedAt: 'now', document: value }) ?? 'null')),
      fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
    )
    await fc.assert(
      fc.asyncProperty(damage, async (bytes) => {
        writeFileSync(folder.documentPath, bytes)
        const outcome = await folder.open().then(
          (opened) => ({ opened }),
          (error: unknown) => ({ error }),
        )
        // A flip inside a string can leave a valid document; whatever opens must be a whole one.
        if ('opened' in outcome) expect(ProjectDocument.safeParse(outcome.opened.document).success).toBe(true)
        else {
          expect(outcome.error).toBeInstanceOf(ContractError)
          expect(['io', 'unsupported']).toContain((outcome.error as ContractError).code)
        }
        expect(readFileSync(folder.documentPath)).toEqual(bytes)
        expect(existsSync(folder.backupPath)).toBe(false)
      }),
      { numRuns: 300 },
    )
    // Each run writes and reads a file: slow disks and busy machines need more than the default.
  }, 60_000)
})

describe('ProjectFolder saves', () => {
  it('write the document in the order its schema reads it, so reopening and saving again changes no byte', async () => {
    const folder = new ProjectFolder(freshFolder())
    const document = sampleDocument()
    // Built with keys in another order, as a job may build a scene.
    const { id, ...rest } = document.scenes[1]
    await folder.save({ ...document, scenes: [document.scenes[0], { ...rest, id }] }, 'now')
    const first = readFileSync(folder.documentPath)
    await folder.save((await folder.open()).document, 'now')
    expect(readFileSync(folder.documentPath)).toEqual(first)
  })

  it('refuse to write a document that would not open', async () => {
    const folder = new ProjectFolder(freshFolder())
    await expect(folder.save({ ...sampleDocument(), title: 'x'.repeat(501) }, 'now')).rejects.toMatchObject({ code: 'internal' })
    expect(existsSync(folder.documentPath)).toBe(false)
  })
})
