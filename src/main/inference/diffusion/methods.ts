/**
 * The image engine's methods, served by the inference process (see engine/host). Parameters,
 * events and results cross a process boundary, so they are plain data.
 */
import { PICTURE_RECORD_KEY, type ImageRenderProgress, type ImageRenderResult, type PackRecord, type PictureRecord, type TokenizeResult } from '../../../shared/contract'
import { onPackReleased } from '../packs/session-release'
import type { MethodContext } from '../protocol'
import type { ProviderPreference } from '../runtime/execution-providers'
import { encodePng, pictureToRgb } from './image/encode-png'
import { engineVersion } from '../runtime/engine-version'
import { PreviewSchedule } from './image/preview-schedule'
import { ImagePackSlot } from './pack-slot'
import { renderImage, type RenderSettings } from './pipeline'
import { resolveRenderSettings, type RenderRequest } from './render-settings'
import { runtimeSettings } from '../runtime/runtime-settings'

export interface ImageRenderParams extends RenderRequest {
  /** The pack folder, as resolved by the studio. */
  dir: string
  /** The pack's id, recorded in the PNG's metadata. */
  packId?: string
  /** Each file of the pack with its sha256 (from the manifest), for the picture's record. */
  packFiles?: PackRecord['files']
  /** The manifest's `defaults`. */
  packDefaults?: Record<string, unknown>
  provider?: ProviderPreference
  /** Skip the per-step preview images (benchmarks, scripts). */
  previews?: boolean
}

/** Sent by `image.render` as it goes: the job.progress payload, less the job id. */

export interface ImageTokenizeParams {
  dir: string
  text: string
}

const slot = new ImagePackSlot()
onPackReleased((dir) => slot.releaseDir(dir))

/** Renders one picture; emits ImageRenderProgress updates (each denoising step, with a preview when one is due). */
async function renderPicture(params: ImageRenderParams, context: MethodContext<ImageRenderProgress>): Promise<ImageRenderResult> {
  const emit = (event: ImageRenderProgress) => context.emit(event)
  emit({ stage: 'load', step: 0, total: 1 })
  return slot.use(params.dir, params.provider ?? runtimeSettings().device, async (pack, loadedNow) => {
    // A Chinese text encoder (Taiyi) reads the Chinese description as written; others read English.
    const request = params.chinesePrompt && pack.tokenizer.readsChinese ? { ...params, prompt: params.chinesePrompt } : params
    const { settings, notices } = resolveRenderSettings(request, params.packDefaults ?? {}, pack)
    if (loadedNow && pack.providerNotice) notices.push(pack.providerNotice)
    emit({ stage: 'encode', step: 0, total: 1 })

    const previews = new PreviewSchedule()
    const output = await renderImage(pack, settings, {
      signal: context.signal,
      onStep: ({ step, total, denoised, latentHeight, latentWidth }) => {
        const preview = params.previews === false ? undefined : previews.preview(denoised, latentHeight, latentWidth)
        emit(preview ? { stage: 'denoise', step, total, preview } : { stage: 'denoise', step, total })
      },
    })

    emit({ stage: 'decode', step: 0, total: 1 })
    const pngStarted = performance.now()
    const rgb = pictureToRgb(output.picture, settings.width, settings.height)
    const record = pictureRecord(settings, { id: params.packId ?? 'unknown', files: params.packFiles ?? [] }, pack.provider)
    const png = await encodePng(rgb, settings.width, settings.height, {
      parameters: describeSettings(settings, params.packId),
      Software: 'Taleweaver',
      [PICTURE_RECORD_KEY]: JSON.stringify(record),
    })
    if (output.promptTruncated) notices.push(`The prompt has ${output.promptTokens} tokens; only the first ${pack.tokenizer.contextLength - 2} were used.`)
    return {
      pngBase64: png.toString('base64'),
      seed: settings.seed,
      steps: settings.steps,
      guidance: settings.guidance,
      scheduler: settings.scheduler,
      width: settings.width,
      height: settings.height,
      provider: pack.provider,
      providerAttempts: pack.providerAttempts,
      record,
      promptTokens: output.promptTokens,
      promptTruncated: output.promptTruncated,
      notices,
      timings: {
        loadMs: loadedNow ? pack.loadMs : 0,
        encodeMs: output.timings.encodeMs,
        denoiseMs: output.timings.denoiseMs,
        unetMs: output.timings.unetMs,
        decodeMs: output.timings.decodeMs + (performance.now() - pngStarted),
      },
    }
  })
}

/** Everything that made a picture, with every default applied: rendering it again gives the same bytes. */
function pictureRecord(settings: RenderSettings, pack: PackRecord, provider: string): PictureRecord {
  const { prompt, negativePrompt, seed, scheduler, steps, guidance, width, height } = settings
  return { pack, prompt, negativePrompt, seed, scheduler, steps, guidance, width, height, provider, engineVersion: engineVersion() }
}

/**
 * The settings in the form most image tools read from a PNG's "parameters" text (the prompt,
 * an optional "Negative prompt:" line, then comma-separated settings).
 */
export function describeSettings(settings: RenderSettings, packId?: string): string {
  const lines = [settings.prompt]
  if (settings.negativePrompt) lines.push(`Negative prompt: ${settings.negativePrompt}`)
  const fields = [
    `Steps: ${settings.steps}`,
    `Sampler: ${settings.scheduler}`,
    `CFG scale: ${settings.guidance}`,
    `Seed: ${settings.seed}`,
    `Size: ${settings.width}x${settings.height}`,
  ]
  if (packId) fields.push(`Model: ${packId}`)
  lines.push(fields.join(', '))
  return lines.join('\n')
}

/** CLIP ids of a prompt under an image pack: 77 of them, with the prompt's token count. */
async function tokenizePrompt(params: ImageTokenizeParams): Promise<TokenizeResult> {
  const { ids, count, truncated } = (await slot.tokenizer(params.dir)).encode(params.text)
  return { ids: Array.from(ids), count, truncated }
}

export const imageMethods = {
  'image.render': renderPicture,
  'image.tokenize': tokenizePrompt,
}
