import type { StudioClient } from '../../../shared/client'
import type {
  BookFont,
  LayoutTemplate,
  PageSize,
  Scene,
  StylePreset,
} from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { pagesFromScenes } from '../book/from-scenes'

export interface WholeBookRequest {
  /** What the person wrote; the book continues it. */
  opening: string
  /** Absolute path of the PDF to write. */
  out: string
  /** Replace `out` even when it is not a PDF. */
  force?: boolean
  title?: string
  author?: string
  /** How many scenes to illustrate; default about one per 120 words of the finished story. */
  scenes?: number
  style?: StylePreset
  /** Length of the continuation, in tokens. */
  maxNewTokens?: number
  /** Seeds the continuation; pictures keep the seeds of their scenes (one look per character). */
  seed?: number
  /** Denoising steps per picture; default the image pack's. */
  steps?: number
  size?: PageSize
  layout?: LayoutTemplate
  font?: BookFont
}

export type WholeBookStage = 'writing' | 'scenes' | 'illustrating' | 'laying-out'

export interface WholeBookListeners {
  onStage?(stage: WholeBookStage, detail: string): void
  onToken?(text: string): void
  onImageStep?(scene: number, scenes: number, step: number, steps: number): void
  signal?: AbortSignal
}

export interface WholeBookResult {
  out: string
  pages: number
  title: string
  story: string
  scenes: Pick<Scene, 'title' | 'prompt' | 'seed' | 'characters'>[]
  textProvider: string
  imageProvider: string | null
  timings: { writingMs: number; scenesMs: number; illustratingMs: number; layoutMs: number }
}

/**
 * The main job, through the contract alone: continue the opening, choose the key scenes,
 * illustrate each, lay the pages out and export the PDF. Any client (the command line, the
 * app) can run it; each step is an ordinary call, so progress and cancel work as they do there.
 */
export async function makeWholeBook(client: StudioClient, request: WholeBookRequest, listeners: WholeBookListeners = {}): Promise<WholeBookResult> {
  const { signal } = listeners
  const clock = stopwatch()

  // End on a full sentence once most of the length is written, rather than mid-word.
  const maxNewTokens = request.maxNewTokens ?? 200
  listeners.onStage?.('writing', 'Continuing the story')
  const continuation = await runJob(
    client,
    'text.generate',
    { prompt: request.opening, options: { maxNewTokens, minNewTokens: Math.floor(maxNewTokens * 0.75), seed: request.seed, stopAtSentenceEnd: true } },
    { signal, onToken: ({ text }) => listeners.onToken?.(text) },
  )
  const story = `${request.opening}${continuation.text}`.trim()
  const writingMs = clock.lap()

  listeners.onStage?.('scenes', 'Choosing the key scenes')
  const board = await client.call('scenes.extract', { story, count: request.scenes, style: request.style })
  const scenesMs = clock.lap()

  const images: string[] = []
  let imageProvider: string | null = null
  for (const [index, scene] of board.scenes.entries()) {
    listeners.onStage?.('illustrating', `Illustrating scene ${index + 1} of ${board.scenes.length}: ${scene.title}`)
    const picture = await runJob(
      client,
      'image.render',
      { prompt: scene.prompt, negativePrompt: scene.negativePrompt, seed: scene.seed, steps: request.steps },
      { signal, onProgress: ({ step, total }) => listeners.onImageStep?.(index + 1, board.scenes.length, step, total) },
    )
    images.push(`data:image/png;base64,${picture.pngBase64}`)
    imageProvider = picture.provider
  }
  const illustratingMs = clock.lap()

  listeners.onStage?.('laying-out', 'Laying out the pages')
  const title = request.title ?? titleFor(story, board.characters[0]?.name)
  const pages = pagesFromScenes(story, board.scenes.map((scene) => scene.span), images)
  const exported = await runJob(
    client,
    'book.export',
    {
      book: { title, author: request.author, pages, size: request.size, layout: request.layout, font: request.font },
      out: request.out,
      force: request.force,
    },
    { signal },
  )
  const layoutMs = clock.lap()

  return {
    out: exported.out,
    pages: exported.pages,
    title,
    story,
    scenes: board.scenes.map(({ title: sceneTitle, prompt, seed, characters }) => ({ title: sceneTitle, prompt, seed, characters })),
    textProvider: continuation.provider,
    imageProvider,
    timings: { writingMs, scenesMs, illustratingMs, layoutMs },
  }
}

/** A title from the story's main character: "The Tale of Gretel", "The Tale of the Little Fox". */
function titleFor(story: string, hero: string | undefined): string {
  if (!hero) return 'A Storybook'
  const name = hero.toLowerCase().replace(/[^\p{L}\p{N} '-]/gu, '')
  const common = new RegExp(`\\b(?:the|a|an)\\s+(?:\\p{L}+\\s+)?${name}\\b`, 'u').test(story.toLowerCase())
  return common ? `The Tale of the ${hero}` : `The Tale of ${hero}`
}

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
