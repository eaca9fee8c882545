import { describe, expect, it } from 'vitest'
import { en } from '../../src/renderer/src/i18n/en'
import { systemLocale } from '../../src/renderer/src/i18n'
import { zhCN } from '../../src/renderer/src/i18n/zh-CN'

/** Every message path with its text. */
function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const [path, text] of flatten(value, `${prefix}${key}.`)) out.set(path, text)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

describe('locale files', () => {
  it('translate every English message into Simplified Chinese with the same placeholders', () => {
    const english = flatten(en)
    const chinese = flatten(zhCN)
    expect([...chinese.keys()]).toEqual([...english.keys()])
    for (const [path, text] of english) {
      expect(chinese.get(path), path).not.toBe('')
      expect(placeholders(chinese.get(path)!), path).toEqual(placeholders(text))
    }
  })

  it('follow the system language, Chinese of any region reading zh-CN', () => {
    expect(systemLocale(['zh-TW'])).toBe('zh-CN')
    expect(systemLocale(['fr-FR', 'en-US'])).toBe('en')
    expect(systemLocale(['fr-FR'])).toBe('en')
  })
})
