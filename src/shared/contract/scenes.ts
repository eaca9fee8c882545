import { z } from 'zod'
import { ImageUrl } from './book'
import { defineCall } from './define'

export const stylePresets = ['watercolor', 'ink', 'crayon', 'paper-cut', 'storybook-oil'] as const
export const StylePreset = z.enum(stylePresets)
export type StylePreset = z.infer<typeof StylePreset>

/** Stories up to this size are accepted; extraction stays fast well past it. */
export const MAX_STORY_CHARS = 2_000_000
/** Most scenes one extraction makes; a longer story gets longer scenes, not more of them. */
export const MAX_SCENES = 200

const SeedValue = z.int().min(0).max(2 ** 32 - 1)
const ShortText = z.string().max(2_000)

/** A main character of the story as the person can edit it: every picture of them uses this. */
export const Character = z.strictObject({
  /** How the story names them ("Gretel", "Witch"); unique within a bible. */
  name: z.string().min(1).max(100),
  /** What they look like, carried by every prompt of a scene they appear in. */
  description: ShortText,
  /** Derived from the name, so a character keeps the same look in every picture. */
  seed: SeedValue,
  /** Other ways the story refers to them ("the old woman"), matched case-insensitively. */
  aliases: z.array(z.string().min(1).max(100)).max(20),
})
export type Character = z.infer<typeof Character>

export const Span = z
  .strictObject({ start: z.int().min(0), end: z.int().min(0) })
  .refine((span) => span.end >= span.start, 'A span must not end before it starts')
export type Span = z.infer<typeof Span>

/** One key moment of the story and how to illustrate it. */
export const Scene = z.strictObject({
  /** Stable for the scene's life; made from its span, so ids never collide within a board. */
  id: z.string().min(1).max(64),
  /** Character offsets into the story (UTF-16 code units, as JavaScript strings count), end exclusive. */
  span: Span,
  title: z.string().max(200),
  /** Names from the character bible present in the span (named, or referred to by a pronoun). */
  characters: z.array(z.string().max(100)).max(100),
  /** Where it happens ("in the dark forest"), or empty when the story does not say. */
  setting: ShortText,
  /** What the picture shows ("Gretel pushing the witch into the oven"). */
  action: ShortText,
  prompt: ShortText,
  negativePrompt: ShortText,
  /** Once a person writes the prompt, rebuilding prompts (a new description, a new style) leaves it alone. */
  promptEdited: z.boolean(),
  /** The seed of the scene's first character (so they look alike), else one derived from the span. */
  seed: SeedValue,
  /** The illustration, once rendered. */
  image: ImageUrl.optional(),
})
export type Scene = z.infer<typeof Scene>

/** The scenes of one story with their character bible and style: what every edit works on. */
export const SceneBoard = z.strictObject({
  style: StylePreset,
  characters: z.array(Character).max(100),
  scenes: z.array(Scene).max(1_000),
})
export type SceneBoard = z.infer<typeof SceneBoard>

/** Languages scene extraction reads as such; others are read as English would be. */
export const storyLanguages = ['en', 'zh'] as const
export const StoryLanguage = z.enum(storyLanguages)
export type StoryLanguage = z.infer<typeof StoryLanguage>

export const ScenesExtractInput = z.strictObject({
  story: z.string().max(MAX_STORY_CHARS),
  /** The story's language, where the text alone cannot tell (default: from the text). */
  language: StoryLanguage.optional(),
  /** How many scenes; default about one per 120 words. */
  count: z.int().min(1).max(MAX_SCENES).optional(),
  style: StylePreset.optional(),
})

export interface ScenesExtractResult extends SceneBoard {
  /** Things a person may want to know (fewer scenes than asked, text the prompts cannot use). */
  notices: string[]
}

/** The editing operations on a board; none of them touches another scene's prompt or image. */
export const SceneEdit = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('set-prompt'), sceneId: z.string(), prompt: ShortText }),
  /** Joins two scenes that follow each other in the story into one new scene. */
  z.strictObject({ op: z.literal('merge'), first: z.string(), second: z.string() }),
  /** Cuts a scene in two at a story offset inside its span (moved to the nearest word boundary). */
  z.strictObject({ op: z.literal('split'), sceneId: z.string(), at: z.int().min(0) }),
  /** The scenes' new order, as their ids (each exactly once). */
  z.strictObject({ op: z.literal('reorder'), order: z.array(z.string()).max(1_000) }),
  /** A new description for a character; the prompts of that character's scenes carry it. */
  z.strictObject({ op: z.literal('set-character'), name: z.string(), description: ShortText }),
])
export type SceneEdit = z.infer<typeof SceneEdit>

export const scenesCalls = {
  'scenes.extract': defineCall<ScenesExtractResult>()(
    ScenesExtractInput,
    'Choose key scenes of a story, each with a span, a title and an illustration prompt.',
  ),
  'scenes.edit': defineCall<SceneBoard>()(
    z.strictObject({ story: z.string().max(MAX_STORY_CHARS), board: SceneBoard, edit: SceneEdit }),
    'Apply one edit (prompt, merge, split, reorder, character description) and return the new board.',
  ),
}
