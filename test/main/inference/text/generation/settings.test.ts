import { describe, expect, it } from 'vitest'
import { builtInSettings, resolveSettings } from '../../../../../src/main/inference/text/generation/settings'

describe('resolveSettings', () => {
  it('uses the built-in defaults when nobody says anything', () => {
    expect(resolveSettings(undefined, undefined, {})).toEqual(builtInSettings)
  })

  it('layers the request over the pack over generation_config.json', () => {
    const settings = resolveSettings(
      { temperature: 0.7 },
      { temperature: 0.9, topK: 40, maxNewTokens: 20, name: 'ignored: not a sampling setting' },
      { topK: 10, topP: 0.9, repetitionPenalty: 1.1, badWordsIds: [[1, 2]] },
    )
    expect(settings).toMatchObject({ temperature: 0.7, topK: 40, topP: 0.9, repetitionPenalty: 1.1, maxNewTokens: 20, badWordsIds: [[1, 2]] })
    expect(settings.greedy).toBe(false)
  })

  it('follows do_sample=false unless a higher layer asks to sample', () => {
    expect(resolveSettings({}, {}, { doSample: false }).greedy).toBe(true)
    expect(resolveSettings({}, { topP: 0.9 }, { doSample: false }).greedy).toBe(false)
    expect(resolveSettings({ greedy: true }, { temperature: 0.8 }, {}).greedy).toBe(true)
  })

  it('treats temperature 0 as greedy', () => {
    expect(resolveSettings({ temperature: 0 }, {}, {}).greedy).toBe(true)
  })

  it('refuses a minimum above the maximum, and caps a default minimum', () => {
    expect(() => resolveSettings({ minNewTokens: 10, maxNewTokens: 5 }, {}, {})).toThrow(expect.objectContaining({ code: 'invalid-input' }))
    expect(resolveSettings({ maxNewTokens: 5 }, { minNewTokens: 10 }, {}).minNewTokens).toBe(5)
  })

  it('reports a bad manifest default as pack-invalid', () => {
    expect(() => resolveSettings({}, { temperature: -1 }, {})).toThrow(expect.objectContaining({ code: 'pack-invalid' }))
  })
})
