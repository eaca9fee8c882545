import { z } from 'zod'
import { bookFonts, layoutTemplates, pageSizes, PdfPath, PrintDpi, type BookExportProgress, type BookExportResult, type BookLayoutResult } from './book'
import { defineCall, defineJob, type JobProgressUpdate } from './define'
import { PackRecord, PictureRecord } from './image'
import { Character, MAX_STORY_CHARS, SceneBoard, Span, StylePreset } from './scenes'
import { PackId, SamplingOptions } from './text'

/** Names a project folder in `<data folder>/projects/`. */
export const ProjectId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
/** Ids of segments, scenes and picture variants: short, URL- and file-name-safe. */
export const ItemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)

const SeedValue = z.int().min(0).max(2 ** 32 - 1)
const ShortText = z.string().max(2_000)

/** A run of the story: written by the person, or generated (with what made it, to make it again). */
export const StorySegment = z.discriminatedUnion('origin', [
  z.strictObject({ id: ItemId, origin: z.literal('person'), text: z.string().max(MAX_STORY_CHARS) }),
  z.strictObject({
    id: ItemId,
    origin: z.literal('generated'),
    text: z.string().max(MAX_STORY_CHARS),
    pack: PackRecord,
    /** The sampling settings asked for; `seed` is always set (the one drawn when none was asked). */
    settings: SamplingOptions.extend({ seed: SeedValue }),
  }),
])
export type StorySegment = z.infer<typeof StorySegment>

/** One drawing of a scene; its PNG is `pictures/<id>.png` in the project folder. */
export const PictureVariant = z.strictObject({
  id: ItemId,
  record: PictureRecord,
  /** ISO time it was drawn. */
  createdAt: z.string().max(40),
})
export type PictureVariant = z.infer<typeof PictureVariant>

/** A key scene of the book: one page's picture and what draws it. */
export const ProjectScene = z.strictObject({
  id: ItemId,
  /** Offsets into the whole story (the segments joined), end exclusive. */
  span: Span,
  title: z.string().max(200),
  characters: z.array(z.string().max(100)).max(100),
  setting: ShortText,
  action: ShortText,
  prompt: ShortText,
  negativePrompt: ShortText,
  /** Once set, rebuilding prompts leaves this scene's prompt alone. */
  promptEdited: z.boolean(),
  /** The scene's own style, else the project's. */
  style: StylePreset.optional(),
  seed: SeedValue,
  /** The person is happy with this scene: a UI leaves it out of bulk redraws. */
  locked: z.boolean(),
  /** Every picture drawn for this scene, oldest first. */
  variants: z.array(PictureVariant).max(1_000),
  /** The variant on the page; absent until one is drawn. */
  chosenVariant: ItemId.optional(),
})
export type ProjectScene = z.infer<typeof ProjectScene>

export const BookSettings = z.strictObject({
  size: z.enum(pageSizes),
  layout: z.enum(layoutTemplates),
  font: z.enum(bookFonts),
  /** The scene whose chosen picture is the cover; none when absent. */
  coverScene: ItemId.optional(),
  /** Scene ids in page order; absent means story order. */
  pageOrder: z.array(ItemId).max(1_000).optional(),
  /** Print resolution of an export (pictures upscaled to it); absent for the pictures as drawn. */
  dpi: PrintDpi.optional(),
})
export type BookSettings = z.infer<typeof BookSettings>

export const wholeBookStages = ['writing', 'scenes', 'illustrating', 'laying-out', 'done'] as const
export type WholeBookStage = (typeof wholeBookStages)[number]

/** What the whole-book job was asked and how far it got: enough to resume it after a crash. */
export const BookJobState = z.strictObject({
  stage: z.enum(wholeBookStages),
  /** Pages (one picture each) the book should have. */
  pages: z.int().min(1).max(200),
  /** Length of the continuation still to write, in tokens; 0 when the story is kept as it is. */
  maxNewTokens: z.int().min(0).max(4096),
  seed: SeedValue.optional(),
  steps: z.int().min(1).max(200).optional(),
  /** Where the PDF goes when the job ends; absent to lay out without exporting. */
  out: PdfPath.optional(),
  /** Print resolution of that PDF (pictures upscaled to it); absent for the pictures as drawn. */
  dpi: PrintDpi.optional(),
})
export type BookJobState = z.infer<typeof BookJobState>

/** The project document (`project.json`), format version {@link PROJECT_FORMAT_VERSION}. */
export const ProjectDocument = z.strictObject({
  title: z.string().max(500),
  author: z.string().max(500).optional(),
  /** BCP 47 language of the text. */
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/)
    .optional(),
  style: StylePreset,
  /** The story, in order; its text is the segments joined. */
  segments: z.array(StorySegment).max(10_000),
  characters: z.array(Character).max(100),
  scenes: z.array(ProjectScene).max(1_000),
  book: BookSettings,
  /** The whole-book job in progress or last run. */
  job: BookJobState.optional(),
})
export type ProjectDocument = z.infer<typeof ProjectDocument>

/** The format version written today; every earlier one is migrated on open. */
export const PROJECT_FORMAT_VERSION = 2

export interface ProjectSummary {
  id: string
  title: string
  savedAt: string
  sceneCount: number
  /** The first chosen picture, as an app:// URL, for a thumbnail. */
  thumbnail?: string
  /**
   * Set when the project's document does not open: what happened and what to do, and when its
   * backup was saved (null when there is none that opens). `projects.openBackup` restores it,
   * keeping the damaged file beside it; title and scene count then come from the backup.
   */
  damaged?: { message: string; backupSavedAt: string | null }
}

/** An open project as the UI sees it. */
export interface ProjectSnapshot {
  id: string
  document: ProjectDocument
  savedAt: string
  /** Increases with every change; a job's `projects.changed` event carries the new one. */
  revision: number
  /** Set when the document comes from a newer Taleweaver: it is never saved over. */
  readOnly: boolean
  /** The app:// URL of each picture variant, by variant id (the studio server serves the same paths). */
  pictureUrls: Record<string, string>
}

/** The edits a person makes to an open project; each is saved within a second. */
export const ProjectEdit = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('set-meta'), title: z.string().max(500).optional(), author: z.string().max(500).optional(), language: z.string().max(35).optional() }),
  /** Replaces the story text; segments before the first changed character keep their origin. */
  z.strictObject({ op: z.literal('set-story'), story: z.string().max(MAX_STORY_CHARS) }),
  z.strictObject({
    op: z.literal('set-scene'),
    sceneId: ItemId,
    title: z.string().max(200).optional(),
    prompt: ShortText.optional(),
    negativePrompt: ShortText.optional(),
    style: StylePreset.optional(),
    seed: SeedValue.optional(),
    locked: z.boolean().optional(),
  }),
  z.strictObject({ op: z.literal('set-character'), name: z.string().max(100), description: ShortText }),
  z.strictObject({ op: z.literal('set-book'), book: BookSettings.partial() }),
  z.strictObject({ op: z.literal('choose-variant'), sceneId: ItemId, variantId: ItemId }),
  /** Deletes the variant and its PNG file; the chosen one falls back to the newest left. */
  z.strictObject({ op: z.literal('delete-variant'), sceneId: ItemId, variantId: ItemId }),
  /**
   * Replaces the scenes, the character bible and the style with a board that `scenes.extract` or
   * `scenes.edit` returned (found, merged, split, reordered): a scene whose id is still on the
   * board keeps its pictures, lock and style; the pictures of scenes that go are deleted with
   * their files. The board's order becomes the book's page order.
   */
  z.strictObject({ op: z.literal('set-scenes'), board: SceneBoard }),
])
export type ProjectEdit = z.infer<typeof ProjectEdit>

/** Progress of a project job: per scene while illustrating, with an estimate of the time left. */
export type ProjectJobProgress = JobProgressUpdate<
  WholeBookStage,
  { scene?: number; scenes?: number; imageStep?: number; imageSteps?: number; etaSeconds?: number; revision?: number }
>

export interface ProjectJobResult {
  id: string
  revision: number
}

export interface ProjectBookResult extends ProjectJobResult {
  pages: number
  /** The PDF written, when the job was asked for one. */
  out?: string
}

/** A PDF export of a project. */
export interface ProjectExportResult extends BookExportResult {
  /**
   * When no `out` was given: the app:// URL of the PDF the studio wrote into its data folder
   * (the studio server serves the same path, for a browser to download it).
   */
  downloadUrl?: string
}

const Ref = z.strictObject({ id: ProjectId })

export const projectsCalls = {
  'projects.list': defineCall<ProjectSummary[]>()(z.strictObject({}), 'Projects in the data folder, newest first.'),
  'projects.create': defineCall<ProjectSnapshot>()(
    z.strictObject({ title: z.string().max(500).optional(), story: z.string().max(MAX_STORY_CHARS).optional(), style: StylePreset.optional() }),
    'Create a project folder with a first document (the story as the person wrote it).',
  ),
  'projects.open': defineCall<ProjectSnapshot>()(Ref, 'Open a project: migrated, temp files cleaned; a damaged document fails with code io and details {path, backup}.'),
  'projects.openBackup': defineCall<ProjectSnapshot>()(Ref, 'Open the rolling backup of a project whose document is damaged, and make it the document.'),
  'projects.rename': defineCall<ProjectSummary>()(z.strictObject({ id: ProjectId, title: z.string().max(500) }), 'Change a project title.'),
  'projects.duplicate': defineCall<ProjectSummary>()(z.strictObject({ id: ProjectId, title: z.string().max(500).optional() }), 'Copy a project (document and pictures) to a new id.'),
  'projects.delete': defineCall<{ trashedTo: string }>()(Ref, "Move a project folder to the data folder's trash."),
  'projects.edit': defineCall<ProjectSnapshot>()(z.strictObject({ id: ProjectId, edit: ProjectEdit }), 'Apply one edit; autosaved within a second.'),
  'projects.redoScene': defineJob<ProjectJobResult & { sceneId: string; variantId: string }, ProjectJobProgress>()(
    z.strictObject({ id: ProjectId, sceneId: ItemId, seed: z.union([SeedValue, z.literal('new'), z.literal('same')]).default('new'), steps: z.int().min(1).max(200).optional() }),
    "Draw one scene again as a new chosen variant ('same' reuses the chosen variant's settings); nothing else changes.",
  ),
  'projects.redoPage': defineJob<ProjectJobResult, ProjectJobProgress>()(
    z.strictObject({ id: ProjectId, sceneId: ItemId, seed: SeedValue.optional() }),
    "Write one page's text again (the generated part); later scenes keep their text and pictures.",
  ),
  'projects.continueFrom': defineJob<ProjectJobResult, ProjectJobProgress>()(
    z.strictObject({ id: ProjectId, at: z.int().min(0), maxNewTokens: z.int().min(1).max(4096).optional(), seed: SeedValue.optional(), pack: PackId.optional() }),
    'Drop the story after offset `at` and continue it from there; scenes after it go.',
  ),
  'projects.makeBook': defineJob<ProjectBookResult, ProjectJobProgress>()(
    z.strictObject({
      id: ProjectId,
      pages: z.int().min(1).max(200).optional(),
      maxNewTokens: z.int().min(0).max(4096).optional(),
      seed: SeedValue.optional(),
      steps: z.int().min(1).max(200).optional(),
      out: PdfPath.optional(),
    }),
    'The whole-book job on a project (continue, choose scenes, illustrate, lay out, export); resumes an interrupted one.',
  ),
  'projects.layout': defineCall<BookLayoutResult>()(Ref, "The project's storybook as one HTML document, pictures inlined: the very document its PDF prints."),
  'projects.export': defineJob<ProjectExportResult, BookExportProgress>()(
    z.strictObject({
      id: ProjectId,
      /** Where to write the PDF; absent: the data folder's exports, answered with a URL to download it from. */
      out: PdfPath.optional(),
      /** Print resolution; default the book settings' own (absent there: the pictures as drawn). */
      dpi: PrintDpi.optional(),
    }),
    'Write the project as a PDF, at a print resolution when one is given or saved with the book (pictures upscaled to it).',
  ),
}
