import type { StudioClient } from '../../../../shared/client'
import type { ProjectSnapshot } from '../../../../shared/contract'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { applyEdit, variantIdsOf } from '../../projects/apply-edit'
import { exportFileOf, exportUrl } from '../../projects/export-urls'
import { pictureUrl } from '../../projects/picture-urls'
import type { OpenProjects } from '../../projects/open-projects'
import type { ProjectSession } from '../../projects/project-session'
import { newDocument } from '../../projects/project-store'
import { checkOutputFile } from '../../storage/output-file'
import type { PdfPrinter } from '../../book/pdf/pdf-printer'
import type { StudioDeps } from '../deps'
import type { Handlers } from '../handlers'
import { bookPrinter } from './book'
import { drawScene } from '../projects/draw-scene'
import { storybookOf } from '../projects/project-book'
import { continueFrom, rewritePage } from '../projects/rewrite-text'
import { makeWholeBook } from '../whole-book'

/** Project jobs run one at a time, beside the engine lane their model runs queue on. */
export const PROJECT_LANE = 'project'

type ProjectCalls =
  | 'projects.list'
  | 'projects.create'
  | 'projects.open'
  | 'projects.openBackup'
  | 'projects.rename'
  | 'projects.duplicate'
  | 'projects.delete'
  | 'projects.edit'
  | 'projects.redoScene'
  | 'projects.redoPage'
  | 'projects.continueFrom'
  | 'projects.makeBook'
  | 'projects.layout'
  | 'projects.export'

/**
 * Projects in the data folder. An opened project stays in memory as a session that saves itself
 * within a second of each change; jobs change it step by step and announce `projects.changed`.
 */
export function createProjectsHandlers(deps: StudioDeps, client: StudioClient, printer: PdfPrinter, projects: OpenProjects): Pick<Handlers, ProjectCalls> {
  const { jobs, packs, engine, offThread, writableFolders } = deps
  // Refused at once, before the job: a bad destination never costs a story, pictures or a print.
  const checkPdf = (out: string) => checkOutputFile(out, 'application/pdf', { writableFolders, chosenFiles: deps.chosenFiles?.() })
  const { store } = projects
  const work = { client, packs, engine }
  const sessionOf = (id: string) => projects.get(id)
  const snapshot = (id: string, session: ProjectSession): ProjectSnapshot => ({
    id,
    document: session.document,
    savedAt: session.savedAt,
    revision: session.revision,
    readOnly: session.readOnly,
    pictureUrls: Object.fromEntries(session.document.scenes.flatMap((scene) => scene.variants.map((variant) => [variant.id, pictureUrl(id, variant.id)]))),
  })
  const projectJob = <K extends 'projects.redoScene' | 'projects.redoPage' | 'projects.continueFrom' | 'projects.makeBook' | 'projects.export'>(
    call: K,
    title: string,
    run: Parameters<typeof jobs.start<K>>[1]['run'],
  ) => jobs.start(call, { kind: 'book', title, lane: PROJECT_LANE, run })

  return {
    'projects.list': () => store.list(),
    'projects.create': async ({ title, story, style }) => {
      const { id, folder } = await store.create(newDocument(title ?? '', story, style))
      return snapshot(id, projects.adopt(id, folder, await folder.open()))
    },
    'projects.open': async ({ id }) => snapshot(id, await sessionOf(id)),
    'projects.openBackup': async ({ id }) => {
      const folder = await store.folderOf(id)
      return snapshot(id, projects.adopt(id, folder, await folder.restoreBackup()))
    },
    'projects.rename': async ({ id, title }) => {
      const session = await sessionOf(id)
      session.change((document) => ({ ...document, title }))
      await session.flush()
      return { id, title, savedAt: session.savedAt, sceneCount: session.document.scenes.length }
    },
    'projects.duplicate': async ({ id, title }) => {
      await projects.release(id)
      return store.duplicate(id, title)
    },
    'projects.delete': async ({ id }) => {
      await projects.release(id)
      return { trashedTo: await store.trash(id) }
    },
    'projects.edit': async ({ id, edit }) => {
      const session = await sessionOf(id)
      const before = variantIdsOf(session.document)
      const after = variantIdsOf(session.change((document) => applyEdit(document, edit)))
      const dropped = [...before].filter((variantId) => !after.has(variantId))
      if (dropped.length > 0) {
        // A file goes only once no saved document names it.
        await session.flush()
        for (const variantId of dropped) await session.folder.deletePicture(variantId)
      }
      return snapshot(id, session)
    },
    'projects.redoScene': async ({ id, sceneId, seed, steps }) => {
      const session = await sessionOf(id)
      return projectJob('projects.redoScene', `Redraw a scene of ${session.document.title || id}`, async ({ signal, progress }) => {
        const variantId = await drawScene(client, session, sceneId, {
          seed,
          steps,
          signal,
          onProgress: ({ step, total, stage, preview }) => stage === 'denoise' && progress({ stage: 'illustrating', step, total, ...(preview ? { preview } : {}) }),
        })
        return { id, revision: session.revision, sceneId, variantId }
      })
    },
    'projects.redoPage': async ({ id, sceneId, seed }) => {
      const session = await sessionOf(id)
      return projectJob('projects.redoPage', `Rewrite a page of ${session.document.title || id}`, async ({ signal }) => {
        await rewritePage(work, session, sceneId, { seed, signal })
        return { id, revision: session.revision }
      })
    },
    'projects.continueFrom': async ({ id, at, maxNewTokens, seed, pack }) => {
      const session = await sessionOf(id)
      return projectJob('projects.continueFrom', `Continue ${session.document.title || id}`, async ({ signal }) => {
        await continueFrom(work, session, at, { maxNewTokens: maxNewTokens ?? 200, seed, pack, signal })
        return { id, revision: session.revision }
      })
    },
    'projects.makeBook': async ({ id, ...request }) => {
      const session = await sessionOf(id)
      if (request.out) await checkPdf(request.out)
      const resume = Object.values(request).every((value) => value === undefined)
      return projectJob('projects.makeBook', `Make the book ${session.document.title || id}`, async ({ signal, progress }) => {
        const result = await makeWholeBook(work, session, resume ? null : request, { signal, onProgress: progress })
        return { id, revision: session.revision, pages: result.pages, ...(result.out ? { out: result.out } : {}) }
      })
    },
    'projects.layout': async ({ id }) => {
      const session = await sessionOf(id)
      return offThread.run('book.layout', { book: await storybookOf(session.document, session.folder) })
    },
    'projects.export': async ({ id, out, dpi }) => {
      const session = await sessionOf(id)
      // Without a path (a browser has no save dialog) the PDF goes where the studio may always write.
      const target = out ?? exportFileOf(deps.dataDir, id)
      if (!out) await mkdir(dirname(target), { recursive: true })
      await checkPdf(target)
      const print = await bookPrinter(deps, printer, dpi ?? session.document.book.dpi)
      return jobs.start('projects.export', {
        kind: 'book',
        title: `PDF of ${session.document.title || id}`,
        lane: PROJECT_LANE,
        run: async (context) => {
          const result = await print(await storybookOf(session.document, session.folder), target, context)
          return out ? result : { ...result, downloadUrl: exportUrl(id) }
        },
      })
    },
  }
}
