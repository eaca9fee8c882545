import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Component } from 'vue'
import type { StudioHost } from '../../src/renderer/src/api/client'
import { createStudioI18n, type Locale } from '../../src/renderer/src/i18n'

type Handler = (input: any) => unknown
type Listener = (payload: unknown) => void

/**
 * A scripted studio standing in for the renderer's one bridge module in component tests:
 * calls go to per-test handlers (unanswered ones fail like an unknown call would), job calls
 * answer a job id and the test plays the job's events, and the host keeps drafts in memory.
 */
export function createFakeStudio() {
  const handlers = new Map<string, Handler>()
  const listeners = new Map<string, Set<Listener>>()
  const calls: { name: string; input: any }[] = []
  const drafts = new Map<string, unknown>()
  let nextJob = 1
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload))

  const studio = {
    async call(name: string, sent: any) {
      // Inputs cross a transport (IPC, a WebSocket) as data: never the page's reactive objects.
      const input = sent === undefined ? sent : JSON.parse(JSON.stringify(sent))
      calls.push({ name, input })
      const handler = handlers.get(name)
      if (!handler) throw { code: 'invalid-input', message: `No fake answer for ${name}` }
      return handler(input)
    },
    on(event: string, listener: Listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }

  const downloads: { url: string; fileName: string }[] = []
  const recordDownload = (url: string, fileName: string) => void downloads.push({ url, fileName })
  const host: StudioHost & { confirmAnswer: boolean; pdfPath: string | null; dialog: boolean } = {
    confirmAnswer: true,
    // Studio files are loaded from a recognisable stand-in origin, so a test sees the mapping was used.
    fileUrl: (appUrl) => appUrl.replace('app://studio/', 'http://studio.test/'),
    download: recordDownload,
    pdfPath: null,
    dialog: false,
    readDraft: <T>(key: string) => (drafts.has(key) ? (structuredClone(drafts.get(key)) as T) : null),
    writeDraft: (key, value) => void drafts.set(key, structuredClone(JSON.parse(JSON.stringify(value)))),
    systemLanguages: () => ['en-GB'],
    systemPrefersDark: () => false,
    confirm: () => host.confirmAnswer,
  }

  return {
    studio,
    host,
    calls,
    drafts,
    downloads,
    emit,
    /** Answers a plain call. */
    answer(name: string, handler: Handler) {
      handlers.set(name, handler)
    },
    /** Answers a job call with a fresh job id; returns the ids as they are handed out. */
    answerJob(name: string) {
      const ids: string[] = []
      handlers.set(name, () => {
        const jobId = `job-${nextJob++}`
        ids.push(jobId)
        return { jobId }
      })
      return ids
    },
    /** Cancelling a job ends it the way the studio does: job.failed with code cancelled. */
    answerCancel() {
      handlers.set('jobs.cancel', ({ jobId }: { jobId: string }) => {
        queueMicrotask(() => emit('job.failed', { jobId, error: { code: 'cancelled', message: 'Cancelled.' } }))
        return { cancelled: true }
      })
    },
    callsTo: (name: string) => calls.filter((call) => call.name === name).map((call) => call.input),
    reset() {
      handlers.clear()
      listeners.clear()
      calls.length = 0
      drafts.clear()
      downloads.length = 0
      Object.assign(host, { confirmAnswer: true, pdfPath: null, dialog: false })
      delete host.choosePdfPath
      host.download = recordDownload
    },
  }
}

export type FakeStudio = ReturnType<typeof createFakeStudio>

/** A fresh Pinia for each test: stores read the fake's drafts when first used. */
export function freshStores(): void {
  setActivePinia(createPinia())
}

/** Mounts a component with the active Pinia and the studio's locale files. */
export function mountStudio<C extends Component>(component: C, locale: Locale = 'en', options: ComponentMountingOptions<C> = {}) {
  return mount(component, {
    ...options,
    global: { plugins: [createStudioI18n(locale)], ...options.global },
  } as ComponentMountingOptions<C>)
}
