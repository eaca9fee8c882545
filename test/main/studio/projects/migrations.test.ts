import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_FORMAT_VERSION } from '../../../../src/shared/contract'
import { ProjectFolder } from '../../../../src/main/studio/projects/project-folder'
import { ProjectStore } from '../../../../src/main/studio/projects/project-store'
import { freshFolder } from './project-fixtures'

const fixtures = join(import.meta.dirname, '../../../fixtures/projects')

describe('project format migrations (a golden file of every earlier format)', () => {
  it('covers every version before today’s', () => {
    const versions = new Set(readdirSync(fixtures).map((name) => Number(/^v(\d+)-/.exec(name)?.[1])))
    expect([...versions].sort()).toEqual(Array.from({ length: PROJECT_FORMAT_VERSION - 1 }, (_, index) => index + 1))
  })

  it('opens a version-1 project file (title, story, style in <data>/projects/<id>.json) as a folder', async () => {
    const dataDir = freshFolder()
    mkdirSync(join(dataDir, 'projects'))
    copyFileSync(join(fixtures, 'v1-fox.json'), join(dataDir, 'projects', 'fox.json'))
    const store = new ProjectStore(dataDir)
    expect((await store.list()).map(({ id, title, sceneCount }) => ({ id, title, sceneCount }))).toEqual([{ id: 'fox', title: 'The Fox', sceneCount: 0 }])
    const opened = await (await store.folderOf('fox')).open()
    expect(opened).toEqual({
      formatVersion: 1,
      readOnly: false,
      savedAt: '2026-11-20T09:14:03.120Z',
      document: {
        title: 'The Fox',
        style: 'ink',
        segments: [{ id: 'written', origin: 'person', text: 'Once upon a time… 🦊 a little fox lived at the edge of a great forest. 狐狸' }],
        characters: [],
        scenes: [],
        book: { size: 'a5', layout: 'picture-above', font: 'serif' },
      },
    })
    // The original file is kept, byte for byte, beside the migrated folder.
    expect(readFileSync(join(dataDir, 'projects', 'fox', 'project.v1.json'))).toEqual(readFileSync(join(fixtures, 'v1-fox.json')))
  })

  it('migrates a version-1 file with an empty story and no style to the default style', async () => {
    const folder = new ProjectFolder(freshFolder())
    copyFileSync(join(fixtures, 'v1-untitled.json'), folder.documentPath)
    expect((await folder.open()).document).toMatchObject({ title: '', style: 'watercolor', segments: [] })
  })

  it('saves a migrated document in today’s format', async () => {
    const folder = new ProjectFolder(freshFolder())
    copyFileSync(join(fixtures, 'v1-fox.json'), folder.documentPath)
    const { document } = await folder.open()
    await folder.save(document, 'now')
    expect(JSON.parse(readFileSync(folder.documentPath, 'utf8')).formatVersion).toBe(PROJECT_FORMAT_VERSION)
    expect((await folder.open()).document).toEqual(document)
  })
})
