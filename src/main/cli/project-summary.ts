import type { PictureRecord } from '../../shared/contract'
import type { ProjectSession } from '../studio/projects/project-session'
import { storyOf } from '../studio/projects/story-text'

export interface ProjectSceneSummary {
  /** 1-based, as `project redo --scene N` takes it. */
  scene: number
  title: string
  prompt: string
  locked: boolean
  variants: number
  /** The chosen picture's file and record, once drawn. */
  picture?: { file: string; record: PictureRecord }
}

export interface ProjectSummaryOutput {
  folder: string
  title: string
  storyChars: number
  segments: { origin: string; chars: number }[]
  /** The book job's stage; `done` when finished, absent when none ran. */
  job?: string
  scenes: ProjectSceneSummary[]
}

/** What `project show` prints, and what `story` and `project resume` return beside the book. */
export function summarizeProject(session: ProjectSession): ProjectSummaryOutput {
  const { document, folder } = session
  return {
    folder: folder.dir,
    title: document.title,
    storyChars: storyOf(document).length,
    segments: document.segments.map((segment) => ({ origin: segment.origin, chars: segment.text.length })),
    ...(document.job ? { job: document.job.stage } : {}),
    scenes: document.scenes.map((scene, index) => {
      const chosen = scene.variants.find((variant) => variant.id === scene.chosenVariant)
      const summary: ProjectSceneSummary = { scene: index + 1, title: scene.title, prompt: scene.prompt, locked: scene.locked, variants: scene.variants.length }
      return chosen ? { ...summary, picture: { file: folder.picturePath(chosen.id), record: chosen.record } } : summary
    }),
  }
}

/** The summary for a person: one line per scene. */
export function describeProject(summary: ProjectSummaryOutput): string {
  const lines = [`${summary.title || '(untitled)'} — ${summary.folder}`, `${summary.storyChars} characters of story; book job: ${summary.job ?? 'none'}`]
  for (const scene of summary.scenes) {
    lines.push(`  ${scene.scene}. ${scene.title}${scene.locked ? ' (locked)' : ''}: ${scene.picture ? `${scene.picture.file} (seed ${scene.picture.record.seed})` : 'no picture yet'}`)
  }
  return lines.join('\n')
}
