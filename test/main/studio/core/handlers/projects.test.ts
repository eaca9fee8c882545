import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { runJob } from '../../../../../src/shared/run-job'
import type { PdfPrinter } from '../../../../../src/main/studio/book/pdf/pdf-printer'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import { ProjectFolder } from '../../../../../src/main/studio/projects/project-folder'
import { ContractError } from '../../../../../src/shared/errors'
import { freshFolder, sampleDocument } from '../../projects/project-fixtures'

// These calls need no model: the packs resolver refuses, so nothing reaches an inference process.
const noPacks = async (): Promise<never> => {
  throw new ContractError('not-found', 'no packs in this test')
}
let studio: Studio
/**
 * Records the document it is asked to print and answers a one-page PDF: what reaches the printer
 * is under test here; printing itself runs in Chromium in test/main/studio/book/pdf.int.test.ts.
 */
const printed: string[] = []
const recordingPrinter: PdfPrinter = { print: async (html) => (printed.push(html), Buffer.from('%PDF-1.4\n%%EOF')) }
const open = (dataDir = freshFolder('tw-data-')) =>
  (studio = createStudio({ dataDir, packs: { resolve: noPacks, openFolder: noPacks }, pdfPrinter: recordingPrinter }))

/** A project holding {@link sampleDocument} with a real 128 px PNG for its picture `pic-one`. */
async function sampleProject(): Promise<{ id: string; folder: ProjectFolder }> {
  const { id } = await studio.call('projects.create', { title: 'Fox' })
  const folder = new ProjectFolder(join(studio.dataDir, 'projects', id))
  await folder.writePicture('pic-one', await sharp({ create: { width: 128, height: 128, channels: 3, background: '#c05030' } }).png().toBuffer())
  await folder.save(sampleDocument(), 'now')
  await studio.close()
  open(studio.dataDir)
  return { id, folder }
}

/** Width and height of every inline PNG in an HTML document. */
const inlinePictureSizes = (html: string) =>
  Promise.all([...html.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map(async ([, data]) => {
    const { width, height } = await sharp(Buffer.from(data, 'base64')).metadata()
    return [width, height]
  }))
afterEach(() => studio.close())

describe('projects.* calls', () => {
  it('create, list, rename, duplicate and move a project to the trash', async () => {
    open()
    const created = await studio.call('projects.create', { title: 'The Fox', story: 'Once upon a time.' })
    expect(created).toMatchObject({ id: 'the-fox', readOnly: false, document: { title: 'The Fox', segments: [{ origin: 'person', text: 'Once upon a time.' }] } })
    await studio.call('projects.rename', { id: 'the-fox', title: 'The Red Fox' })
    const copy = await studio.call('projects.duplicate', { id: 'the-fox' })
    expect(copy).toMatchObject({ id: 'the-red-fox-copy', title: 'The Red Fox (copy)' })
    expect((await studio.call('projects.list', {})).map((project) => project.id).sort()).toEqual(['the-fox', 'the-red-fox-copy'])
    const { trashedTo } = await studio.call('projects.delete', { id: 'the-fox' })
    expect(existsSync(join(trashedTo, 'project.json'))).toBe(true)
    expect((await studio.call('projects.list', {})).map((project) => project.id)).toEqual(['the-red-fox-copy'])
    await expect(studio.call('projects.open', { id: 'the-fox' })).rejects.toMatchObject({ code: 'not-found' })
  })

  it('lists a damaged project as damaged, offering its backup; opening the backup keeps the damaged file beside it', async () => {
    open()
    const { id } = await studio.call('projects.create', { title: 'Fox', story: 'Once.' })
    await studio.call('projects.rename', { id, title: 'The Fox' })
    const { id: lost } = await studio.call('projects.create', { title: 'Lost' })
    await studio.close()
    const folder = new ProjectFolder(join(studio.dataDir, 'projects', id))
    writeFileSync(folder.documentPath, '{"formatVersion":2,"savedAt":"x","docu')
    writeFileSync(new ProjectFolder(join(studio.dataDir, 'projects', lost)).documentPath, 'not json')
    open(studio.dataDir)

    const listed = await studio.call('projects.list', {})
    expect(listed.map((project) => project.id).sort()).toEqual(['fox', 'lost'])
    // The backup names the project and says when it was saved; the listing says what to do.
    const damaged = listed.find((project) => project.id === id)
    expect(damaged).toMatchObject({ title: 'Fox', damaged: { backupSavedAt: expect.any(String) } })
    expect(damaged?.damaged?.message).toMatch(/project\.json is damaged.*open its backup/)
    // No backup: still listed, by its id, saying so.
    expect(listed.find((project) => project.id === lost)).toMatchObject({ title: 'lost', damaged: { backupSavedAt: null, message: expect.stringMatching(/no backup/) } })

    await studio.call('projects.openBackup', { id })
    const names = readdirSync(folder.dir)
    const kept = names.find((name) => name.startsWith('project.damaged-')) as string
    expect(readFileSync(join(folder.dir, kept), 'utf8')).toBe('{"formatVersion":2,"savedAt":"x","docu')
    // Later saves roll the backup as usual and leave the damaged file alone.
    await studio.call('projects.rename', { id, title: 'The Fox Again' })
    await studio.call('projects.rename', { id, title: 'The Fox Once More' })
    expect(readFileSync(join(folder.dir, kept), 'utf8')).toBe('{"formatVersion":2,"savedAt":"x","docu')
    const relisted = (await studio.call('projects.list', {})).find((project) => project.id === id)
    expect(relisted).toMatchObject({ title: 'The Fox Once More' })
    expect(relisted?.damaged).toBeUndefined()
  })

  it('edits are announced and on disk within a second; deleting a variant deletes its file after the document stops naming it', async () => {
    open()
    const { id } = await studio.call('projects.create', { title: 'Fox' })
    // A project with a drawn scene, as a book job leaves it.
    const folder = new ProjectFolder(join(studio.dataDir, 'projects', id))
    await folder.writePicture('pic-one', Buffer.from('png'))
    await folder.save(sampleDocument(), 'now')
    await studio.close()
    open(studio.dataDir)
    const snapshot = await studio.call('projects.open', { id })
    expect(snapshot.pictureUrls).toEqual({ 'pic-one': `app://studio/projects/${id}/pictures/pic-one.png` })
    const revisions: number[] = []
    studio.on('projects.changed', (event) => revisions.push(event.revision))

    const edited = await studio.call('projects.edit', { id, edit: { op: 'set-scene', sceneId: 'scene-two', prompt: 'a black crow' } })
    expect(edited.revision).toBe(1)
    expect(revisions).toEqual([1])
    const start = Date.now()
    while (JSON.parse(readFileSync(folder.documentPath, 'utf8')).document.scenes[1].prompt !== 'a black crow') {
      expect(Date.now() - start).toBeLessThanOrEqual(1_000)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }

    await studio.call('projects.edit', { id, edit: { op: 'delete-variant', sceneId: 'scene-one', variantId: 'pic-one' } })
    expect(readdirSync(join(folder.dir, 'pictures'))).toEqual([])
    expect(JSON.parse(readFileSync(folder.documentPath, 'utf8')).document.scenes[0]).toMatchObject({ variants: [] })
  })

  it('a damaged document is a typed error offering the backup; openBackup restores it', async () => {
    open()
    const { id } = await studio.call('projects.create', { title: 'Fox', story: 'one' })
    await studio.call('projects.edit', { id, edit: { op: 'set-story', story: 'one two' } })
    await studio.close()
    const documentPath = join(studio.dataDir, 'projects', id, 'project.json')
    writeFileSync(documentPath, 'not json')
    open(studio.dataDir)
    await expect(studio.call('projects.open', { id })).rejects.toMatchObject({ code: 'io', details: { path: documentPath, backup: { path: expect.stringContaining('project.backup.json') } } })
    expect(readFileSync(documentPath, 'utf8')).toBe('not json')
    const restored = await studio.call('projects.openBackup', { id })
    expect(restored.document.segments.map((segment) => segment.text).join('')).toBe('one')
  })

  it('set-scenes takes a found or edited board: surviving scenes keep their pictures, the others go with their files, the order is the page order', async () => {
    open()
    const { id, folder } = await sampleProject()
    const { document } = await studio.call('projects.open', { id })
    const asBoard = (scenes: typeof document.scenes) => ({
      style: 'ink' as const,
      characters: document.characters,
      scenes: scenes.map(({ locked: _l, variants: _v, chosenVariant: _c, style: _s, ...scene }) => scene),
    })
    const [one, two] = document.scenes
    const reordered = await studio.call('projects.edit', { id, edit: { op: 'set-scenes', board: asBoard([two, { ...one, title: 'The fox again' }]) } })
    expect(reordered.document.scenes.map((scene) => [scene.id, scene.title, scene.variants.length, scene.chosenVariant])).toEqual([
      ['scene-two', 'The crow', 0, undefined],
      ['scene-one', 'The fox again', 1, 'pic-one'],
    ])
    expect(reordered.document.book.pageOrder).toEqual(['scene-two', 'scene-one'])
    expect(reordered.document.style).toBe('ink')
    expect(readdirSync(join(folder.dir, 'pictures'))).toEqual(['pic-one.png'])

    // A merge makes one new scene from the two: the old scene's picture goes, file and all.
    const merged = { ...two, id: 'scene-0-62', span: { start: 0, end: 62 } }
    const after = await studio.call('projects.edit', { id, edit: { op: 'set-scenes', board: asBoard([merged]) } })
    expect(after.document.scenes.map((scene) => [scene.id, scene.variants.length])).toEqual([['scene-0-62', 0]])
    expect(after.document.book.pageOrder).toBeUndefined()
    expect(after.pictureUrls).toEqual({})
    expect(readdirSync(join(folder.dir, 'pictures'))).toEqual([])
    expect(JSON.parse(readFileSync(folder.documentPath, 'utf8')).document.scenes).toHaveLength(1)

    await expect(studio.call('projects.edit', { id, edit: { op: 'set-scenes', board: asBoard([{ ...two, id: 'Not An Id' }]) } })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(studio.call('projects.edit', { id, edit: { op: 'set-scenes', board: asBoard([{ ...two, span: { start: 0, end: 500 } }]) } })).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('exports at the print resolution saved with the book: the picture reaches the printer at the size the page needs', async () => {
    open()
    const { id } = await sampleProject()
    printed.length = 0
    const asDrawn = await runJob(studio, 'projects.export', { id }, {})
    expect(asDrawn.downloadUrl).toBe(`app://studio/exports/${id}.pdf`)
    expect(readFileSync(join(studio.dataDir, 'exports', `${id}.pdf`), 'latin1')).toContain('%PDF')
    expect(await inlinePictureSizes(printed[0])).toEqual([[128, 128]])

    await studio.call('projects.edit', { id, edit: { op: 'set-book', book: { dpi: 300 } } })
    const out = join(freshFolder('tw-out-'), 'fox.pdf')
    const atPrint = await runJob(studio, 'projects.export', { id, out }, {})
    expect(atPrint).toEqual({ out, pages: 3 })
    // No upscaler pack here, so the picture is only resized: to cover an A5 page (210 mm tall) at 300 dpi.
    expect(await inlinePictureSizes(printed[1])).toEqual([[2481, 2481]])
    await runJob(studio, 'projects.export', { id, out, dpi: 150 }, {})
    expect(await inlinePictureSizes(printed[2])).toEqual([[1241, 1241]])
  }, 60_000)

  it('lays the project out as the PDF prints it, pictures inlined', async () => {
    open()
    const { id } = await sampleProject()
    const layout = await studio.call('projects.layout', { id })
    expect(layout.html).toContain('The Fox')
    expect(await inlinePictureSizes(layout.html)).toEqual([[128, 128]])
  }, 30_000)
})
