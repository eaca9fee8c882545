import type { Scene, SceneBoard } from '../../src/shared/contract'

export const STORY = 'Mira found a lantern. She carried it to the sea. The sea glowed.'

export function scene(id: string, start: number, end: number, extra: Partial<Scene> = {}): Scene {
  return {
    id, span: { start, end }, title: `Scene ${id}`, characters: ['Mira'], setting: '', action: `action ${id}`,
    prompt: `prompt ${id}`, negativePrompt: '', promptEdited: false, seed: 7, ...extra,
  }
}

export function board(): SceneBoard {
  return {
    style: 'watercolor',
    characters: [{ name: 'Mira', description: 'a girl in a red coat', seed: 11, aliases: [] }],
    scenes: [scene('a', 0, 21), scene('b', 22, 48), scene('c', 49, 64, { characters: [] })],
  }
}

export const renderResult = (seed: number) => ({
  pngBase64: `PNG${seed}`, seed, steps: 20, guidance: 5, scheduler: 'ddim', width: 128, height: 128, provider: 'cpu',
  providerAttempts: [{ provider: 'cpu' }], promptTokens: 3, promptTruncated: false, notices: [],
  timings: { loadMs: 0, encodeMs: 0, denoiseMs: 0, unetMs: 0, decodeMs: 0 },
})
