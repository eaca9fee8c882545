import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { host } from '../api/client'

export const viewNames = ['write', 'scenes', 'book', 'packs', 'settings'] as const
export type ViewName = (typeof viewNames)[number]

/** Which view is open; a reload comes back to it. */
export const useNavigationStore = defineStore('navigation', () => {
  const saved = host.readDraft<ViewName>('view')
  const view = ref<ViewName>(saved && viewNames.includes(saved) ? saved : 'write')
  watch(view, (value) => host.writeDraft('view', value))
  function open(name: ViewName): void {
    view.value = name
  }
  return { view, open }
})
