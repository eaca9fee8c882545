import { checkRenderBudget } from '../../packs/render-budget'
import { ENGINE_LANE, type StudioDeps } from '../deps'
import type { Handlers } from '../handlers'
import { promptTitle } from './prompt-title'

/**
 * Illustration: `image.render` is a job on the engine lane that reports each denoising step
 * (with a small preview) as `job.progress` and ends with an ImageRenderResult; `image.upscale`
 * is one too, reporting each tile; `image.tokenize` answers directly. The pack is resolved
 * before the job starts, so a missing pack fails the call itself rather than a job.
 */
export function createImageHandlers({ jobs, engine, packs, freeMemory }: StudioDeps): Pick<Handlers, 'image.render' | 'image.upscale' | 'image.tokenize'> {
  return {
    'image.render': async ({ pack: packId, ...request }) => {
      const pack = await packs.resolve('image', packId)
      // Refused at once, before the job: a size the pack cannot take or memory the machine lacks.
      await checkRenderBudget(pack, request, freeMemory)
      return jobs.start('image.render', {
        kind: 'image',
        title: promptTitle('Illustrate', request.prompt, 'Illustrate (no prompt)'),
        lane: ENGINE_LANE,
        run: ({ signal, progress }) =>
          engine.run(
            'image.render',
            { ...request, dir: pack.dir, packId: pack.id, packFiles: pack.files, packDefaults: pack.defaults },
            { signal, onEvent: progress },
          ),
      })
    },
    'image.upscale': async ({ pack: packId, ...request }) => {
      const pack = await packs.resolve('upscaler', packId)
      return jobs.start('image.upscale', {
        kind: 'image',
        title: `Upscale with ${pack.id}`,
        lane: ENGINE_LANE,
        run: ({ signal, progress }) => engine.run('image.upscale', { ...request, dir: pack.dir, packId: pack.id, packFiles: pack.files }, { signal, onEvent: progress }),
      })
    },
    'image.tokenize': async ({ pack: packId, text }) => {
      const pack = await packs.resolve('image', packId)
      return engine.run('image.tokenize', { dir: pack.dir, text })
    },
  }
}
