import { randomInt } from 'node:crypto'
import { IMAGE_RENDER_DEFAULTS, MAX_IMAGE_SIDE, SchedulerName } from '../../../shared/contract/image'
import { ContractError } from '../../../shared/errors'
import type { ImagePack } from './pack/image-pack'
import type { RenderSettings } from './pipeline'

/** What a caller may leave out; the pack's manifest defaults, then built-in ones, fill it. */
export interface RenderRequest {
  prompt: string
  /** The picture described in Chinese, for packs whose text encoder reads Chinese. */
  chinesePrompt?: string
  negativePrompt?: string
  steps?: number
  guidance?: number
  scheduler?: SchedulerName
  seed?: number
  width?: number
  height?: number
}

const BUILT_IN = IMAGE_RENDER_DEFAULTS

/**
 * Fills in and checks the settings of one render: the request wins, then the pack's manifest
 * defaults (`steps`, `guidance`, `width`, `height`, `scheduler`), then the scheduler the pack's
 * own config names, then built-in defaults. A missing seed is drawn at random (and reported, so
 * the picture can be made again). Bad values are `invalid-input` with a message to act on.
 */
export function resolveRenderSettings(
  request: RenderRequest,
  packDefaults: Record<string, unknown>,
  pack: Pick<ImagePack, 'packScheduler' | 'unet' | 'vaeDecoder'>,
): { settings: RenderSettings; notices: string[] } {
  const notices: string[] = []
  const fromPack = (key: string, valid: (value: unknown) => boolean) => (valid(packDefaults[key]) ? packDefaults[key] : undefined)
  const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) > 0
  const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value)

  const packScheduler = SchedulerName.safeParse(packDefaults.scheduler)
  let scheduler: SchedulerName
  if (request.scheduler) scheduler = request.scheduler
  else if (packScheduler.success) scheduler = packScheduler.data
  else {
    scheduler = pack.packScheduler.name
    if (pack.packScheduler.notice) notices.push(pack.packScheduler.notice)
  }

  const settings: RenderSettings = {
    prompt: request.prompt,
    negativePrompt: request.negativePrompt ?? '',
    steps: request.steps ?? (fromPack('steps', isPositiveInteger) as number | undefined) ?? BUILT_IN.steps,
    guidance: request.guidance ?? (fromPack('guidance', isNumber) as number | undefined) ?? BUILT_IN.guidance,
    scheduler,
    seed: request.seed ?? randomInt(2 ** 32),
    width: request.width ?? (fromPack('width', isPositiveInteger) as number | undefined) ?? BUILT_IN.width,
    height: request.height ?? (fromPack('height', isPositiveInteger) as number | undefined) ?? BUILT_IN.height,
  }
  checkSettings(settings, pack)
  return { settings, notices }
}

function checkSettings(settings: RenderSettings, pack: Pick<ImagePack, 'unet' | 'vaeDecoder'>): void {
  const invalid = (message: string): never => {
    throw new ContractError('invalid-input', message)
  }
  if (typeof settings.prompt !== 'string' || typeof settings.negativePrompt !== 'string') invalid('Prompts must be text.')
  if (!Number.isInteger(settings.steps) || settings.steps < 1) invalid(`Steps must be a whole number of at least 1, got ${settings.steps}.`)
  if (!Number.isFinite(settings.guidance) || settings.guidance < 0) invalid(`Guidance must be a number of at least 0, got ${settings.guidance}.`)
  if (!Number.isSafeInteger(settings.seed) || settings.seed < 0) invalid(`The seed must be a whole number of at least 0, got ${settings.seed}.`)
  if (!SchedulerName.safeParse(settings.scheduler).success) invalid(`Unknown scheduler ${String(settings.scheduler)}; choose one of ${SchedulerName.options.join(', ')}.`)
  for (const [side, value] of [['Width', settings.width], ['Height', settings.height]] as const) {
    if (!Number.isInteger(value) || value < 8 || value > MAX_IMAGE_SIDE || value % 8 !== 0) {
      invalid(`${side} must be a multiple of 8 from 8 to ${MAX_IMAGE_SIDE}, got ${value}.`)
    }
  }
  // Exports made for one size only run at that size.
  for (const model of [pack.unet, pack.vaeDecoder]) {
    const { height, width } = model.fixedLatentSize
    if ((height !== null && height * 8 !== settings.height) || (width !== null && width * 8 !== settings.width)) {
      invalid(`This pack only renders ${(width ?? settings.width / 8) * 8} x ${(height ?? settings.height / 8) * 8} (fixed by ${model.file}); got ${settings.width} x ${settings.height}.`)
    }
  }
}
