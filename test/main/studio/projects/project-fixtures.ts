import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PictureRecord, ProjectDocument } from '../../../../src/shared/contract'

/** A fresh temporary folder. */
export const freshFolder = (prefix = 'tw-project-') => mkdtempSync(join(tmpdir(), prefix))

export const sampleRecord: PictureRecord = {
  pack: { id: 'starter-pictures', files: [{ path: 'unet/model.onnx', sha256: 'a'.repeat(64) }] },
  prompt: 'a fox in the forest, watercolor',
  negativePrompt: 'blurry',
  seed: 7,
  scheduler: 'ddim',
  steps: 4,
  guidance: 5,
  width: 128,
  height: 128,
  provider: 'cpu',
  engineVersion: 'onnxruntime-node 1.30.0',
}

/** A document with two scenes, the first with a chosen picture `pic-one`. */
export function sampleDocument(): ProjectDocument {
  return {
    title: 'The Fox',
    style: 'watercolor',
    segments: [
      { id: 'seg-a', origin: 'person', text: 'Once upon a time, a fox lived in the forest. ' },
      { id: 'seg-b', origin: 'generated', text: 'She found a crow. The crow sang.', pack: { id: 'starter-story', files: [] }, settings: { maxNewTokens: 20, seed: 3 } },
    ],
    characters: [{ name: 'Fox', description: 'a small red fox', seed: 11, aliases: [] }],
    scenes: [
      { id: 'scene-one', span: { start: 0, end: 44 }, title: 'The fox', characters: ['Fox'], setting: 'in the forest', action: 'a fox living', prompt: 'a fox', negativePrompt: '', promptEdited: false, seed: 11, locked: false, variants: [{ id: 'pic-one', record: sampleRecord, createdAt: '2026-12-01T00:00:00.000Z' }], chosenVariant: 'pic-one' },
      { id: 'scene-two', span: { start: 45, end: 62 }, title: 'The crow', characters: [], setting: '', action: 'finding a crow', prompt: 'a crow', negativePrompt: '', promptEdited: false, seed: 12, locked: false, variants: [] },
    ],
    book: { size: 'a5', layout: 'picture-above', font: 'serif' },
  }
}
