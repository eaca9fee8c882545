import type { WholeBookListeners } from '../studio/core/whole-book'
import type { ProjectWorkDeps } from '../studio/core/projects/project-work'
import type { Studio } from '../studio/core/studio'
import { notice, type CommonOptions } from './output'

/** What project work needs, from the command line's studio. */
export function projectWork(studio: Studio): ProjectWorkDeps {
  return { client: studio, packs: studio.packs, engine: studio.engine }
}

const stageNotices = { writing: 'Continuing the story', scenes: 'Choosing a scene for every page', 'laying-out': 'Laying out the pages', done: 'Done' } as const

/** Streams the story to stdout and reports each stage and scene on stderr (nothing of it with --json). */
export function bookJobListeners(options: CommonOptions, signal: AbortSignal): WholeBookListeners {
  let lastScene = 0
  let lastStage = ''
  return {
    signal,
    onToken: (text) => options.json || process.stdout.write(text),
    onProgress: ({ stage, detail }) => {
      if (stage === 'illustrating') {
        if (!detail?.scene || detail.scene === lastScene) return
        lastScene = detail.scene
        const eta = detail.etaSeconds === undefined ? '' : ` (about ${detail.etaSeconds} s left)`
        notice(options, `Illustrating page ${detail.scene} of ${detail.scenes}${eta}…`)
      } else if (stage !== lastStage) {
        if (stage === 'scenes' && !options.json) process.stdout.write('\n\n')
        notice(options, `${stageNotices[stage]}…`)
      }
      lastStage = stage
    },
  }
}
