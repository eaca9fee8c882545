import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { BookExportProgress, BookFont, LayoutTemplate, PageSize, Storybook } from '../../../shared/contract'
import { runJob } from '../../../shared/run-job'
import { host, studio } from '../api/client'
import { errorMessage } from '../errors'
import { useScenesStore } from './scenes'
import { useStoryStore } from './story'

export interface BookSettings {
  author: string
  /** The scene whose chosen picture is the cover; empty for none. */
  coverSceneId: string
  size: PageSize
  layout: LayoutTemplate
  font: BookFont
}

/**
 * The storybook made of the story's scenes in board order: each scene's part of the story under
 * its chosen picture. The preview is the very HTML the PDF is printed from.
 */
export const useBookStore = defineStore('book', () => {
  const story = useStoryStore()
  const scenes = useScenesStore()
  const settings = reactive<BookSettings>({
    author: '', coverSceneId: '', size: 'a5', layout: 'picture-above', font: 'serif',
    ...host.readDraft<Partial<BookSettings>>('book'),
  })
  const previewHtml = ref<string | null>(null)
  const pageCount = ref(0)
  const exporting = ref<BookExportProgress | null>(null)
  const exported = ref<{ out: string; pages: number } | null>(null)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null
  watch(settings, (value) => host.writeDraft('book', value), { deep: true })

  /**
   * Each scene's page text: the story from the scene's start to the next scene's start (the first
   * page from the story's start), so the pages hold the whole story whatever order they are in.
   */
  const pageTexts = computed(() => {
    const inStoryOrder = [...scenes.board.scenes].sort((a, b) => a.span.start - b.span.start)
    return new Map(
      inStoryOrder.map((scene, index) => {
        const start = index === 0 ? 0 : scene.span.start
        const end = inStoryOrder[index + 1]?.span.start ?? story.text.length
        return [scene.id, story.text.slice(start, end).trim()]
      }),
    )
  })

  const book = computed<Storybook>(() => {
    const cover = scenes.board.scenes.find((scene) => scene.id === settings.coverSceneId)?.image
    return {
      title: story.title,
      author: settings.author || undefined,
      cover,
      size: settings.size,
      layout: settings.layout,
      font: settings.font,
      pages: scenes.board.scenes.map((scene) => ({
        text: pageTexts.value.get(scene.id) ?? '',
        image: scene.image,
        alt: scene.action || scene.title,
      })),
    }
  })

  async function refreshPreview(): Promise<void> {
    try {
      const layout = await studio.call('book.layout', { book: book.value })
      previewHtml.value = layout.html
      pageCount.value = layout.pages
      error.value = null
    } catch (failure) {
      error.value = errorMessage(failure)
    }
  }

  /** Moves a page by moving its scene: the board's order is the book's order. */
  async function movePage(index: number, by: -1 | 1): Promise<void> {
    const order = scenes.board.scenes.map((scene) => scene.id)
    const target = index + by
    if (target < 0 || target >= order.length) return
    ;[order[index], order[target]] = [order[target], order[index]]
    await scenes.edit({ op: 'reorder', order })
  }

  /**
   * Writes the PDF to `out`, or where the person chooses in the app's save dialog when `out` is
   * left out (a browser has no dialog: there the view asks for the path).
   */
  async function exportPdf(out?: string): Promise<void> {
    if (exporting.value) return
    const name = `${(story.title || 'storybook').replace(/[\\/:*?"<>|]+/g, ' ').trim()}.pdf`
    const path = out ?? (await host.choosePdfPath?.(name))
    if (!path) return
    exporting.value = { stage: 'layout', step: 0, total: 0 }
    exported.value = null
    error.value = null
    controller = new AbortController()
    try {
      exported.value = await runJob(studio, 'book.export', { book: book.value, out: path }, {
        signal: controller.signal,
        onProgress: ({ stage, step, total }) => (exporting.value = { stage, step, total }),
      })
    } catch (failure) {
      error.value = errorMessage(failure)
    } finally {
      exporting.value = null
      controller = null
    }
  }

  function cancelExport(): void {
    controller?.abort()
  }

  return { settings, book, previewHtml, pageCount, exporting, exported, error, refreshPreview, movePage, exportPdf, cancelExport }
})
