import type { BookJobState, PrintDpi, ProjectJobProgress, ProjectScene } from '../../../shared/contract'
import { ContractError } from '../../../shared/errors'
import { runJob } from '../../../shared/run-job'
import { newItemId } from '../projects/item-id'
import type { ProjectSession } from '../projects/project-session'
import { storyOf } from '../projects/story-text'
import { drawScene } from './projects/draw-scene'
import { releaseTextModelIfMemoryShort } from './projects/memory'
import { storybookOf } from './projects/project-book'
import { storyLanguage } from './projects/story-language'
import type { ProjectWorkDeps } from './projects/project-work'
import { generateSegment } from './projects/rewrite-text'

/** A picture book by default: about six pages, a picture on every page. */
export const DEFAULT_PAGES = 6
/** Continuation length per page of text, in tokens (about 60 words: what a picture page holds). */
export const TOKENS_PER_PAGE = 80

export interface WholeBookRequest {
  pages?: number
  /** Length of the continuation; default {@link TOKENS_PER_PAGE} per page; 0 keeps the story as it is. */
  maxNewTokens?: number
  /** Seeds the continuation; pictures keep the seeds of their scenes (one look per character). */
  seed?: number
  steps?: number
  out?: string
  /** Print resolution of the PDF; pictures smaller than their printed size are upscaled to it. */
  dpi?: PrintDpi
  /** Replace `out` even when it is not a PDF (this run only; a resumed job checks again). */
  force?: boolean
}

export interface WholeBookListeners {
  onToken?(text: string): void
  onProgress?(update: ProjectJobProgress): void
  signal?: AbortSignal
}

export interface WholeBookResult {
  pages: number
  out?: string
  /** Pictures drawn by this run (a resumed run does not draw the finished ones again). */
  drawn: number
  /** The text pack that wrote the continuation; null when this run wrote none. */
  textPack: string | null
  timings: { writingMs: number; scenesMs: number; illustratingMs: number; layoutMs: number }
}

/**
 * The main job on a project: continue the story, choose a scene per page (unless it has scenes
 * already), illustrate each scene that has no picture yet, lay the book out and export it.
 * Every finished step is saved in the project (with the job's
 * own state), so after a crash or a kill `resume` goes on from the step that was cut short and
 * keeps every picture already drawn. Called with no request on a project whose job has not
 * finished, it resumes that job.
 */
export async function makeWholeBook(deps: ProjectWorkDeps, session: ProjectSession, request: WholeBookRequest | null, listeners: WholeBookListeners = {}): Promise<WholeBookResult> {
  const { signal } = listeners
  const clock = stopwatch()
  if (request) {
    const pages = request.pages ?? DEFAULT_PAGES
    const job: BookJobState = { stage: 'writing', pages, maxNewTokens: request.maxNewTokens ?? pages * TOKENS_PER_PAGE, seed: request.seed, steps: request.steps, out: request.out, dpi: request.dpi }
    await session.commit((document) => ({ ...document, job: definedFields(job) }))
  } else if (!session.document.job || session.document.job.stage === 'done') {
    throw new ContractError('invalid-input', `${session.folder.dir} has no unfinished book job to resume.`)
  }
  const job = (): BookJobState => session.document.job as BookJobState
  const setStage = (stage: BookJobState['stage']) => session.commit((document) => ({ ...document, job: { ...job(), stage } }))
  const report = (update: ProjectJobProgress) => listeners.onProgress?.(update)

  let textPack: string | null = null
  if (job().stage === 'writing') {
    report({ stage: 'writing', step: 0, total: 1 })
    if (job().maxNewTokens > 0) {
      const segment = await generateSegment(deps, storyOf(session.document), { maxNewTokens: job().maxNewTokens, seed: job().seed, signal, onToken: listeners.onToken })
      textPack = segment.pack.id
      await session.commit((document) => ({ ...document, segments: [...document.segments, segment], job: { ...job(), stage: 'scenes' } }))
    } else await setStage('scenes')
  }
  const writingMs = clock.lap()

  // A project that already has scenes keeps them (the person's prompts, locks and pictures).
  if (job().stage === 'scenes' && session.document.scenes.length > 0) await setStage('illustrating')
  if (job().stage === 'scenes') {
    report({ stage: 'scenes', step: 0, total: 1 })
    const board = await deps.client.call('scenes.extract', { story: storyOf(session.document), count: job().pages, style: session.document.style, language: storyLanguage(session.document) })
    const scenes: ProjectScene[] = board.scenes.map(({ id: _id, image: _image, ...scene }) => ({ ...scene, id: newItemId('scene'), locked: false, variants: [] }))
    await session.commit((document) => ({
      ...document,
      title: document.title || titleFor(storyOf(document), board.characters[0]?.name),
      characters: board.characters,
      scenes,
      job: { ...job(), stage: 'illustrating' },
    }))
  }
  const scenesMs = clock.lap()

  let drawn = 0
  if (job().stage === 'illustrating') {
    await releaseTextModelIfMemoryShort(deps.packs, deps.engine)
    const scenes = session.document.scenes
    const started = performance.now()
    for (const [index, scene] of scenes.entries()) {
      if (scene.chosenVariant) continue
      const eta = (fraction: number) => {
        const done = drawn + fraction
        return done > 0 ? Math.round(((performance.now() - started) / done) * (scenes.filter((s) => !s.chosenVariant).length - done) / 1000) : undefined
      }
      report({ stage: 'illustrating', step: index, total: scenes.length, detail: withDefined({ scene: index + 1, scenes: scenes.length, etaSeconds: eta(0) }) })
      await drawScene(deps.client, session, scene.id, {
        seed: 'scene',
        steps: job().steps,
        signal,
        onProgress: ({ stage, step, total }) => {
          if (stage !== 'denoise') return
          report({ stage: 'illustrating', step: index, total: scenes.length, detail: withDefined({ scene: index + 1, scenes: scenes.length, imageStep: step, imageSteps: total, etaSeconds: eta(step / total) }) })
        },
      })
      drawn += 1
    }
    await setStage('laying-out')
  }
  const illustratingMs = clock.lap()

  report({ stage: 'laying-out', step: 0, total: 1 })
  const book = await storybookOf(session.document, session.folder)
  const out = job().out
  const pages = out ? (await runJob(deps.client, 'book.export', { book, out, dpi: job().dpi, force: request?.force }, { signal })).pages : book.pages.length
  await setStage('done')
  report({ stage: 'done', step: 1, total: 1, detail: { revision: session.revision } })
  return { pages, out, drawn, textPack, timings: { writingMs, scenesMs, illustratingMs, layoutMs: clock.lap() } }
}

/**
 * A title from the story's main character: "The Tale of Gretel", "The Tale of the Little Fox";
 * for a Chinese hero, a Chinese title ("小狐狸的故事").
 */
export function titleFor(story: string, hero: string | undefined): string {
  if (!hero) return 'A Storybook'
  if (/\p{Script=Han}/u.test(hero)) return `${hero}的故事`
  const name = hero.toLowerCase().replace(/[^\p{L}\p{N} '-]/gu, '')
  const common = new RegExp(`\\b(?:the|a|an)\\s+(?:\\p{L}+\\s+)?${name}\\b`, 'u').test(story.toLowerCase())
  return common ? `The Tale of the ${hero}` : `The Tale of ${hero}`
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}

const withDefined = definedFields<NonNullable<ProjectJobProgress['detail']>>

function stopwatch() {
  let last = performance.now()
  return {
    lap(): number {
      const now = performance.now()
      const elapsed = Math.round(now - last)
      last = now
      return elapsed
    },
  }
}
