import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createStudio, type Studio } from '../../../../../src/main/studio/core/studio'
import { ProjectFolder } from '../../../../../src/main/studio/projects/project-folder'
import { ContractError } from '../../../../../src/shared/errors'
import { freshFolder, sampleDocument } from '../../projects/project-fixtures'

// These calls need no model: the packs resolver refuses, so nothing reaches an inference process.
const noPacks = async (): Promise<never> => {
  throw new ContractError('not-found', 'no packs in this test')
}
let studio: Studio
const open = (dataDir = freshFolder('tw-data-')) => (studio = createStudio({ dataDir, packs: { resolve: noPacks, openFolder: noPacks } }))
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
})
