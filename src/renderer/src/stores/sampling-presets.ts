import type { SamplingOptions } from '../../../shared/contract'

export const samplingPresetNames = ['balanced', 'creative', 'focused'] as const
export type SamplingPresetName = (typeof samplingPresetNames)[number]

/** The advanced settings a person can change; a preset fills them all. */
export type AdvancedSampling = Required<
  Pick<SamplingOptions, 'temperature' | 'topK' | 'topP' | 'repetitionPenalty' | 'noRepeatNgramSize' | 'maxNewTokens'>
> & { seed: number | null }

/** Creative samples from more of the distribution, Focused from less; Balanced sits between. */
export const samplingPresets: Record<SamplingPresetName, Omit<AdvancedSampling, 'maxNewTokens' | 'seed'>> = {
  balanced: { temperature: 0.8, topK: 50, topP: 0.95, repetitionPenalty: 1.1, noRepeatNgramSize: 3 },
  creative: { temperature: 1.1, topK: 100, topP: 0.98, repetitionPenalty: 1.05, noRepeatNgramSize: 3 },
  focused: { temperature: 0.5, topK: 20, topP: 0.9, repetitionPenalty: 1.2, noRepeatNgramSize: 4 },
}

/** The contract's options for these settings (a missing seed lets the engine draw one). */
export function samplingOptions({ seed, ...rest }: AdvancedSampling): SamplingOptions {
  return seed === null ? rest : { ...rest, seed }
}

/** Tokens a model of each text architecture can see at once. */
export const contextWindows: Record<string, number> = { gpt2: 1024 }
