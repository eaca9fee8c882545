import { z } from 'zod'
import { SamplingOptions } from '../../../../shared/contract'
import { ContractError } from '../../../../shared/errors'
import type { GenerationConfigDefaults } from '../pack/text-pack-config'
import type { ChooserSettings } from '../sampling/token-chooser'

/**
 * Every sampling setting, resolved: what one generation actually uses. The token chooser's
 * settings, plus the bans and the stopping rules; the seed is drawn later when left open.
 */
export interface GenerationSettings extends Omit<ChooserSettings, 'seed'> {
  maxNewTokens: number
  badWords: string[]
  /** Token sequences from generation_config.json's bad_words_ids. */
  badWordsIds: number[][]
  stopStrings: string[]
  stopAtSentenceEnd: boolean
  seed: number | undefined
}

/** The engine's own defaults, used where neither the request nor the pack says. */
export const builtInSettings: Readonly<GenerationSettings> = {
  maxNewTokens: 100,
  minNewTokens: 0,
  temperature: 1,
  topK: 50,
  topP: 1,
  minP: 0,
  repetitionPenalty: 1,
  noRepeatNgramSize: 0,
  badWords: [],
  badWordsIds: [],
  stopStrings: [],
  stopAtSentenceEnd: false,
  greedy: false,
  seed: undefined,
}

/** The manifest's `defaults` share the contract's names; keys that are not sampling settings are ignored. */
const PackDefaults = z.object(SamplingOptions.shape)

/**
 * Layers the settings: the request over the manifest's defaults over generation_config.json
 * over the built-in defaults. A layer that asks for sampling (temperature, top-k, top-p, min-p)
 * without saying `greedy` turns off a lower layer's do_sample=false; temperature 0 means greedy.
 */
export function resolveSettings(
  request: SamplingOptions | undefined,
  packDefaults: Record<string, unknown> | undefined,
  generationConfig: GenerationConfigDefaults,
): GenerationSettings {
  const parsedPack = PackDefaults.safeParse(packDefaults ?? {})
  if (!parsedPack.success) {
    const issue = parsedPack.error.issues[0]
    throw new ContractError('pack-invalid', `pack.json: defaults.${issue.path.join('.')}: ${issue.message}.`)
  }
  const { doSample, badWordsIds, ...fromGenerationConfig } = generationConfig
  const layers: Partial<GenerationSettings>[] = [
    { ...fromGenerationConfig, badWordsIds, greedy: doSample === undefined ? undefined : !doSample },
    greedyOf(parsedPack.data),
    greedyOf(request ?? {}),
  ]
  const settings = { ...builtInSettings }
  for (const layer of layers) Object.assign(settings, withoutUndefined(layer))
  if (settings.temperature === 0) settings.greedy = true

  if (request?.minNewTokens !== undefined && request.maxNewTokens !== undefined && request.minNewTokens > request.maxNewTokens) {
    throw new ContractError('invalid-input', `minNewTokens (${request.minNewTokens}) is above maxNewTokens (${request.maxNewTokens}).`)
  }
  settings.minNewTokens = Math.min(settings.minNewTokens, settings.maxNewTokens)
  return settings
}

function greedyOf(layer: SamplingOptions): Partial<GenerationSettings> {
  const asksToSample =
    (layer.temperature !== undefined && layer.temperature > 0) ||
    layer.topK !== undefined ||
    layer.topP !== undefined ||
    layer.minP !== undefined
  return { ...layer, greedy: layer.greedy ?? (asksToSample ? false : undefined) }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
