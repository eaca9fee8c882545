// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { freshStores, mountStudio } from '../fake-studio'
import { PROJECT_ID, projectStudio } from '../project-fixtures'

const fake = await vi.hoisted(async () => (await import('../fake-studio')).createFakeStudio())
vi.mock('../../../src/renderer/src/api/client', () => ({ studio: fake.studio, host: fake.host }))
const { default: ProjectMenu } = await import('../../../src/renderer/src/components/ProjectMenu.vue')
const { useProjectsStore } = await import('../../../src/renderer/src/stores/projects')

describe('Project menu', () => {
  beforeEach(async () => {
    fake.reset()
    freshStores()
    projectStudio(fake)
    await useProjectsStore().open(PROJECT_ID)
  })

  it('lists a damaged project as damaged and opens it from its backup', async () => {
    const damaged = { message: 'project.json cannot be read: Unexpected end of JSON input.', backupSavedAt: '2026-12-01T10:00:00.000Z' }
    fake.answer('projects.list', () => [
      { id: PROJECT_ID, title: 'The Lantern', savedAt: 'now', sceneCount: 3 },
      { id: 'broken', title: 'The Owl', savedAt: 'then', sceneCount: 2, damaged },
      { id: 'lost', title: 'The Hare', savedAt: 'then', sceneCount: 0, damaged: { ...damaged, backupSavedAt: null } },
    ])
    fake.answer('projects.openBackup', ({ id }) => ({
      id, savedAt: 'now', revision: 1, readOnly: false, pictureUrls: {},
      document: { title: 'The Owl', style: 'watercolor', segments: [{ id: 's1', origin: 'person', text: 'An owl woke.' }], characters: [], scenes: [], book: { size: 'a5', layout: 'picture-above', font: 'serif' } },
    }))
    await useProjectsStore().refreshList()
    const wrapper = mountStudio(ProjectMenu)
    await flushPromises()
    const notes = wrapper.findAll('[role="note"]').map((note) => note.text())
    expect(notes).toEqual([`Damaged: ${damaged.message}`, `Damaged: ${damaged.message}`])
    expect(wrapper.text()).toContain('No backup of it opens')
    // a damaged project has no plain open button: only its backup opens
    expect(wrapper.findAll('button').map((button) => button.text()).filter((text) => text === 'The Owl' || text === 'The Hare')).toEqual([])
    await wrapper.findAll('button').find((button) => button.text().startsWith('Open “The Owl” from its backup'))!.trigger('click')
    await flushPromises()
    expect(fake.callsTo('projects.openBackup')).toEqual([{ id: 'broken' }])
    expect(useProjectsStore().currentId).toBe('broken')
  })
})
