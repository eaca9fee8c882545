import { ENGINE_LANE, type StudioDeps } from '../deps'
import type { Handlers } from '../handlers'
import { promptTitle } from './prompt-title'

/**
 * Story continuation: `text.generate` is a job on the engine lane whose tokens stream as
 * `job.token` events; `text.tokenize` answers directly. The pack is resolved before the job
 * starts, so a missing or wrong pack fails the call itself rather than a job.
 */
export function createTextHandlers({ jobs, engine, packs }: StudioDeps): Pick<Handlers, 'text.generate' | 'text.tokenize'> {
  return {
    'text.generate': async ({ pack: packId, prompt, options }) => {
      const pack = await packs.resolve('text', packId)
      return jobs.start('text.generate', {
        kind: 'text',
        title: promptTitle('Continue', prompt, 'Continue the story'),
        lane: ENGINE_LANE,
        run: ({ signal, token }) =>
          engine.run(
            'text.generate',
            { dir: pack.dir, prompt, options, packDefaults: pack.defaults, weights: pack.weights },
            {
              signal,
              onEvent: ({ text, index }) => token(text, index),
            },
          ),
      })
    },
    'text.tokenize': async ({ pack: packId, text }) => {
      const pack = await packs.resolve('text', packId)
      return engine.run('text.tokenize', { dir: pack.dir, text })
    },
  }
}
