/**
 * A quick decode-speed comparison of two decoders: greedy decoding from the same prompt,
 * alternating between them round by round so that a busy machine slows both alike.
 */
import type { Gpt2Decoder } from '../text/decoder/gpt2-decoder'
import { pickGreedy } from '../text/sampling/sampler'

export interface SpeedFigures {
  /** Tokens a second after the first, best round (the least disturbed by other work). */
  tokensPerSecond: number
  referenceTokensPerSecond: number
  /** Where they were measured. */
  provider: string
}

const ROUNDS = 3
const NEW_TOKENS = 24

/** Decode rate of `candidate` and `reference`, interleaved (see the module comment). */
export async function measureDecodeSpeed(reference: Gpt2Decoder, candidate: Gpt2Decoder, prompt: readonly number[], between: (step: number, total: number) => void = () => {}): Promise<SpeedFigures> {
  const rates = { reference: [] as number[], candidate: [] as number[] }
  for (let round = 0; round < ROUNDS; round++) {
    rates.reference.push(await decodeRate(reference, prompt))
    rates.candidate.push(await decodeRate(candidate, prompt))
    between(round + 1, ROUNDS)
  }
  return { tokensPerSecond: Math.max(...rates.candidate), referenceTokensPerSecond: Math.max(...rates.reference), provider: candidate.provider }
}

async function decodeRate(decoder: Gpt2Decoder, prompt: readonly number[]): Promise<number> {
  const tokens = Math.min(NEW_TOKENS, decoder.contextLength - prompt.length)
  let step = await decoder.forward(prompt, decoder.emptyCache())
  const started = performance.now()
  for (let i = 1; i < tokens; i++) step = await decoder.forward([pickGreedy(step.logits)], step.cache)
  return ((tokens - 1) * 1000) / (performance.now() - started)
}
