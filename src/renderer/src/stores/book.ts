import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { BookExportProgress, BookSettings, PrintDpi, ProjectScene } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { host, studio } from '../api/client'
import { attemptInto } from '../errors'
import { useProjectsStore } from './projects'
import { useScenesStore } from './scenes'
import { useStoryStore } from './story'

const DEFAULT_SETTINGS: BookSettings = { size: 'a5', layout: 'picture-above', font: 'serif' }
/** A book prints for the screen until the person chooses print (the command line's default too). */
export const DEFAULT_DPI: PrintDpi = 150

/** A finished export: where it went (a path in the app, a file name downloaded in a browser). */
export interface ExportedBook {
  pages: number
  out?: string
  downloaded?: string
}

/**
 * The open project's storybook: a page per scene, in the book's page order, with the settings
 * saved in the project (size, layout, font, cover, print resolution) and its author. The
 * preview is the very HTML the PDF is printed from, laid out by the studio from the saved
 * project.
 */
export const useBookStore = defineStore('book', () => {
  const story = useStoryStore()
  const projects = useProjectsStore()
  const scenes = useScenesStore()
  const previewHtml = ref<string | null>(null)
  const pageCount = ref(0)
  const exporting = ref<BookExportProgress | null>(null)
  const exported = ref<ExportedBook | null>(null)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  const settings = computed<BookSettings>(() => projects.document?.book ?? DEFAULT_SETTINGS)
  const author = computed(() => projects.document?.author ?? '')
  const dpi = computed<PrintDpi>(() => settings.value.dpi ?? DEFAULT_DPI)

  /** The scenes in page order: the book's own order where it has one, else the story's. */
  const pages = computed<ProjectScene[]>(() => {
    const all = projects.document?.scenes ?? []
    const order = settings.value.pageOrder
    const inStoryOrder = all.toSorted((a, b) => a.span.start - b.span.start)
    if (!order) return inStoryOrder
    const placed = order.flatMap((id) => all.filter((scene) => scene.id === id))
    return [...placed, ...inStoryOrder.filter((scene) => !order.includes(scene.id))]
  })

  const attempt = attemptInto(error)

  async function refreshPreview(): Promise<void> {
    await attempt(async () => {
      const layout = await studio.call('projects.layout', { id: await projects.ensureSaved() })
      previewHtml.value = layout.html
      pageCount.value = layout.pages
    })
  }

  /** Saves a change of the book settings in the project, then shows it. */
  async function setSettings(change: Partial<BookSettings>): Promise<void> {
    await attempt(() => projects.edit({ op: 'set-book', book: change }))
    await refreshPreview()
  }

  async function setAuthor(name: string): Promise<void> {
    await attempt(() => projects.edit({ op: 'set-meta', author: name }))
    await refreshPreview()
  }

  /** Moves a page by moving its scene: the scenes' order is the book's order. */
  async function movePage(index: number, by: -1 | 1): Promise<void> {
    const order = pages.value.map((scene) => scene.id)
    const target = index + by
    if (target < 0 || target >= order.length) return
    ;[order[index], order[target]] = [order[target], order[index]]
    await scenes.edit({ op: 'reorder', order })
    await refreshPreview()
  }

  /**
   * Writes the PDF at the book's print resolution (pictures smaller than their printed size are
   * upscaled by the active upscaler): in the app where the person chooses in the
   * save dialog; in a browser the studio writes it into its data folder and the page downloads it.
   */
  async function exportPdf(): Promise<void> {
    if (exporting.value) return
    const name = `${(story.title || 'storybook').replace(/[\\/:*?"<>|]+/g, ' ').trim()}.pdf`
    const out = host.choosePdfPath ? await host.choosePdfPath(name) : undefined
    if (out === null) return
    exporting.value = { stage: 'layout', step: 0, total: 0 }
    exported.value = null
    controller = new AbortController()
    await attempt(async () => {
      const id = await projects.ensureSaved()
      const result = await runJob(studio, 'projects.export', out === undefined ? { id, dpi: dpi.value } : { id, out, dpi: dpi.value }, {
        signal: controller!.signal,
        onProgress: ({ stage, step, total }) => (exporting.value = { stage, step, total }),
      })
      if (result.downloadUrl) host.download?.(result.downloadUrl, name)
      exported.value = result.downloadUrl ? { pages: result.pages, downloaded: name } : { pages: result.pages, out: result.out }
    })
    exporting.value = null
    controller = null
  }

  function cancelExport(): void {
    controller?.abort()
  }

  return { settings, author, dpi, pages, previewHtml, pageCount, exporting, exported, error, refreshPreview, setSettings, setAuthor, movePage, exportPdf, cancelExport }
})
