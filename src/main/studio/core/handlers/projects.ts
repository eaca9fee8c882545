import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'
import { ProjectStore } from '../../projects/project-store'

export function createProjectsHandlers({ dataDir }: StudioDeps): Pick<Handlers, 'projects.list' | 'projects.load' | 'projects.save'> {
  const store = new ProjectStore(dataDir)
  const cleaned = store.cleanStrayTempFiles()
  return {
    'projects.list': async () => (await cleaned, store.list()),
    'projects.load': async ({ id }) => {
      await cleaned
      const { document, savedAt, readOnly } = await store.load(id)
      return { id, document, savedAt, readOnly }
    },
    'projects.save': async ({ id, document }) => (await cleaned, store.save(id, document)),
  }
}
