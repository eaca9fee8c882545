import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectStore } from '../../../../src/main/studio/projects/project-store'

const fresh = () => mkdtempSync(join(tmpdir(), 'tw-projects-'))

describe('ProjectStore', () => {
  it('saves and loads a project, newest first in the list', async () => {
    const store = new ProjectStore(fresh())
    await store.save('fox', { title: 'The Fox', story: 'Once upon a time… 🦊 狐狸' })
    await new Promise((r) => setTimeout(r, 5))
    await store.save('owl', { title: 'The Owl', story: 'At night.' })
    expect((await store.load('fox')).document).toEqual({ title: 'The Fox', story: 'Once upon a time… 🦊 狐狸' })
    expect((await store.list()).map((p) => p.id)).toEqual(['owl', 'fox'])
  })

  it('reports a damaged file with a typed error and lists it as damaged', async () => {
    const dataDir = fresh()
    mkdirSync(join(dataDir, 'projects'))
    writeFileSync(join(dataDir, 'projects', 'torn.json'), '{"formatVersion":1,"savedAt":"x","docu')
    const store = new ProjectStore(dataDir)
    await expect(store.load('torn')).rejects.toMatchObject({ code: 'io' })
    await expect(store.load('absent')).rejects.toMatchObject({ code: 'not-found' })
    expect(await store.list()).toEqual([{ id: 'torn', title: 'torn', savedAt: expect.any(String), damaged: true }])
  })

  it('never overwrites a damaged file: saving that id keeps it beside the new one', async () => {
    const dataDir = fresh()
    mkdirSync(join(dataDir, 'projects'))
    const torn = '{"formatVersion":1,"savedAt":"x","docu'
    writeFileSync(join(dataDir, 'projects', 'torn.json'), torn)
    const store = new ProjectStore(dataDir)
    await store.save('torn', { title: 'Again', story: 'b' })
    expect((await store.load('torn')).document.title).toBe('Again')
    const kept = readdirSync(join(dataDir, 'projects')).filter((name) => name !== 'torn.json')
    expect(kept).toEqual([expect.stringMatching(/^torn\.json\.damaged-/)])
    expect(readFileSync(join(dataDir, 'projects', kept[0]), 'utf8')).toBe(torn)
    expect((await store.list()).map((project) => project.id)).toEqual(['torn'])
  })

  it('opens a file from a newer version read-only and refuses to save over it', async () => {
    const dataDir = fresh()
    mkdirSync(join(dataDir, 'projects'))
    const document = { title: 'Future', story: 'x' }
    writeFileSync(join(dataDir, 'projects', 'future.json'), JSON.stringify({ formatVersion: 99, savedAt: 'later', document }))
    const store = new ProjectStore(dataDir)
    expect(await store.load('future')).toMatchObject({ readOnly: true, document })
    await expect(store.save('future', document)).rejects.toMatchObject({ code: 'unsupported' })
  })

  it('cleans temp files left by an interrupted save', async () => {
    const dataDir = fresh()
    const store = new ProjectStore(dataDir)
    await store.save('fox', { title: 'The Fox', story: 'a' })
    writeFileSync(join(dataDir, 'projects', '.fox.json.abc123.tmp'), 'partial')
    await store.cleanStrayTempFiles()
    expect(readdirSync(join(dataDir, 'projects'))).toEqual(['fox.json'])
  })
})
