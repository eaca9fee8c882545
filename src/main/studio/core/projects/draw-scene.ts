import { randomInt } from 'node:crypto'
import type { ImageRenderProgress } from '../../../../shared/contract'
import { ContractError } from '../../../../shared/errors'
import { runJob } from '../../../../shared/run-job'
import { withScene } from '../../projects/apply-edit'
import { newItemId } from '../../projects/item-id'
import type { ProjectSession } from '../../projects/project-session'
import type { StudioClient } from '../../../../shared/client'
import { chinesePromptOf } from '../../scenes/prompt/chinese-prompt'
import { storyOf } from '../../projects/story-text'
import { storyLanguage } from './story-language'

export interface DrawSceneOptions {
  /** A seed; `same` redraws with the chosen picture's settings; `new` (the default) draws a fresh seed; `scene` uses the scene's own. */
  seed?: number | 'new' | 'same' | 'scene'
  steps?: number
  signal?: AbortSignal
  onProgress?(update: ImageRenderProgress): void
}

/**
 * Draws one scene of a project as a new chosen variant: the PNG is written first, then the
 * document that names it, so a crash leaves the previous document or the new one, each with all
 * its pictures. No other scene, picture or text changes.
 */
export async function drawScene(client: StudioClient, session: ProjectSession, sceneId: string, options: DrawSceneOptions = {}): Promise<string> {
  const scene = session.document.scenes.find((candidate) => candidate.id === sceneId)
  if (!scene) throw new ContractError('not-found', `No scene ${sceneId} in this project.`)
  const chosen = scene.variants.find((variant) => variant.id === scene.chosenVariant)?.record
  const request =
    options.seed === 'same'
      ? (() => {
          if (!chosen) throw new ContractError('invalid-input', `Scene ${sceneId} has no picture yet to draw again with the same settings.`)
          const { pack, prompt, negativePrompt, seed, scheduler, steps, guidance, width, height } = chosen
          return { pack: pack.id, prompt, negativePrompt, seed, scheduler, steps, guidance, width, height }
        })()
      : {
          prompt: scene.prompt,
          // For an image pack that reads Chinese (Taiyi), a Chinese story's scene as it tells it.
          chinesePrompt: storyLanguage(session.document) === 'zh' ? chinesePromptOf(storyOf(session.document), scene, session.document) : undefined,
          negativePrompt: scene.negativePrompt,
          seed: options.seed === 'scene' ? scene.seed : options.seed === undefined || options.seed === 'new' ? randomInt(2 ** 32) : options.seed,
          steps: options.steps,
        }
  const picture = await runJob(client, 'image.render', request, { signal: options.signal, onProgress: (update) => options.onProgress?.(update) })
  const variantId = newItemId('pic')
  await session.folder.writePicture(variantId, Buffer.from(picture.pngBase64, 'base64'))
  await session.commit((document) =>
    withScene(document, sceneId, (current) => ({
      ...current,
      variants: [...current.variants, { id: variantId, record: picture.record, createdAt: new Date().toISOString() }],
      chosenVariant: variantId,
    })),
  )
  return variantId
}
