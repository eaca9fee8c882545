import { z } from 'zod'
import { defineCall } from './define'

export const stylePresets = ['watercolor', 'ink', 'crayon', 'paper-cut', 'storybook-oil'] as const
export const StylePreset = z.enum(stylePresets)
export type StylePreset = z.infer<typeof StylePreset>

/** Stories up to this size are accepted; extraction stays fast well past it. */
export const MAX_STORY_CHARS = 2_000_000

export const ScenesExtractInput = z.strictObject({
  story: z.string().max(MAX_STORY_CHARS),
  count: z.int().min(1).max(200).optional(),
  style: StylePreset.optional(),
})

export interface Character {
  name: string
  description: string
  seed: number
}

export interface Scene {
  id: string
  /** Character offsets into the story, end exclusive. */
  span: { start: number; end: number }
  title: string
  prompt: string
  negativePrompt: string
  characters: string[]
}

export interface ScenesExtractResult {
  scenes: Scene[]
  characters: Character[]
  notices: string[]
}

export const scenesCalls = {
  'scenes.extract': defineCall<ScenesExtractResult>()(
    ScenesExtractInput,
    'Choose key scenes of a story, each with a span, a title and an illustration prompt.',
  ),
}
