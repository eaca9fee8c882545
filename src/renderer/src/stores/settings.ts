import { defineStore } from 'pinia'
import { computed, reactive, watch } from 'vue'
import { host } from '../api/client'
import { systemLocale, type Locale } from '../i18n'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type LocaleChoice = 'system' | Locale

export interface StudioSettings {
  theme: ThemeChoice
  locale: LocaleChoice
}

const DEFAULTS: StudioSettings = { theme: 'system', locale: 'system' }

/**
 * The window's own preferences (theme, language), kept by the host across sessions; where
 * models run is the studio's (see the engine store).
 */
export const useSettingsStore = defineStore('settings', () => {
  const stored = host.readDraft<Partial<StudioSettings>>('settings')
  const settings = reactive<StudioSettings>({ theme: stored?.theme ?? DEFAULTS.theme, locale: stored?.locale ?? DEFAULTS.locale })
  const theme = computed<'light' | 'dark'>(() =>
    settings.theme === 'system' ? (host.systemPrefersDark() ? 'dark' : 'light') : settings.theme,
  )
  const locale = computed<Locale>(() => (settings.locale === 'system' ? systemLocale(host.systemLanguages()) : settings.locale))
  watch(settings, (value) => host.writeDraft('settings', value), { deep: true })
  return { settings, theme, locale }
})
