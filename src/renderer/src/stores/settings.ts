import { defineStore } from 'pinia'
import { computed, reactive, watch } from 'vue'
import { host } from '../api/client'
import { systemLocale, type Locale } from '../i18n'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type LocaleChoice = 'system' | Locale
export type ProviderChoice = 'auto' | 'gpu' | 'cpu'

export interface StudioSettings {
  theme: ThemeChoice
  locale: LocaleChoice
  provider: ProviderChoice
  threads: number
}

const DEFAULTS: StudioSettings = { theme: 'system', locale: 'system', provider: 'auto', threads: 0 }

/** The person's preferences, kept by the host across sessions. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = reactive<StudioSettings>({ ...DEFAULTS, ...host.readDraft<Partial<StudioSettings>>('settings') })
  const theme = computed<'light' | 'dark'>(() =>
    settings.theme === 'system' ? (host.systemPrefersDark() ? 'dark' : 'light') : settings.theme,
  )
  const locale = computed<Locale>(() => (settings.locale === 'system' ? systemLocale(host.systemLanguages()) : settings.locale))
  watch(settings, (value) => host.writeDraft('settings', value), { deep: true })
  return { settings, theme, locale }
})
