import { freemem } from 'node:os'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { IMAGE_RENDER_DEFAULTS, MAX_IMAGE_SIDE, type ImageRenderInput } from '../../../shared/contract/image'
import { ContractError } from '../../../shared/errors'
import type { ActivationMemory } from '../../../shared/pack-manifest'
import { familyActivationMemory, unetSideStep, VAE_SCALE } from '../../formats/activation-memory'
import type { ResolvedPack } from './resolver'

/** Bytes the system could give a run now (Linux: MemAvailable); injectable for tests. */
export type FreeMemoryProbe = () => number

/** Architectures that run one UNet pass per step (guidance is an embedding, or there is none). */
const NO_CFG_BATCH = new Set(['lcm', 'sd-turbo'])
const GIB = 2 ** 30

/**
 * Peak memory of one render: the weights, the feature maps (linear in the latent's pixels) and
 * the attention scores (quadratic), the last two per item of the UNet's batch.
 */
export function estimateRenderBytes(weightsBytes: number, activation: ActivationMemory, width: number, height: number, batch: number): number {
  const latentPixels = (width / VAE_SCALE) * (height / VAE_SCALE)
  return weightsBytes + batch * (activation.perLatentPixel * latentPixels + activation.perLatentPixelPair * latentPixels ** 2)
}

/**
 * Checks a render before it starts, so a person never waits for a run that cannot work: the
 * sides must be the one size an export is fixed to (when its manifest records one) and suit the
 * pack's UNet (a multiple of its step, which its config gives), and the
 * estimated peak memory must fit what the machine has free. A refusal names the valid sizes or
 * the largest square size that fits.
 */
export async function checkRenderBudget(pack: ResolvedPack, request: Omit<ImageRenderInput, 'pack'>, freeMemory: FreeMemoryProbe = freemem): Promise<void> {
  const { width, height, activation, batch } = renderShape(pack, request)
  const fixed = pack.fixedSize
  if (fixed && (fixed.width !== width || fixed.height !== height)) {
    throw new ContractError('invalid-input', `This pack only renders ${fixed.width} x ${fixed.height} (its export is made for that size); got ${width} x ${height}.`, { ...fixed })
  }
  const step = unetSideStep(await readJsonObject(join(pack.dir, 'unet', 'config.json')))
  for (const [side, value] of [['width', width], ['height', height]] as const) {
    if (value % step !== 0) {
      const below = Math.max(step, Math.floor(value / step) * step)
      throw new ContractError('invalid-input', `This pack's UNet takes sizes in steps of ${step} pixels; a ${side} of ${value} does not fit. Choose ${below} or ${below + step}.`, { step })
    }
  }
  const weights = pack.memoryBytes ?? 0
  const needed = estimateRenderBytes(weights, activation, width, height, batch)
  const free = freeMemory()
  if (needed <= free) return
  const largest = largestSquareSide(weights, activation, batch, step, free)
  const advice = largest ? `The largest size that fits now is ${largest} x ${largest}` : 'Not even the smallest size fits now: close other programs or choose a smaller pack'
  throw new ContractError(
    'unsupported',
    `A ${width} x ${height} picture with this pack needs about ${(needed / GIB).toFixed(1)} GB of memory; ${(free / GIB).toFixed(1)} GB is free. ${advice}.`,
    { neededBytes: needed, freeBytes: free, largestSide: largest },
  )
}

/**
 * What a render's memory grows with: its size (the request's, else the pack's defaults), the
 * pack's activation figures (its own, else its family's) and the UNet's batch (2 with
 * classifier-free guidance).
 */
export function renderShape(pack: ResolvedPack, request: Partial<Pick<ImageRenderInput, 'width' | 'height' | 'guidance'>> = {}): { width: number; height: number; activation: ActivationMemory; batch: number } {
  const pick = (key: 'width' | 'height' | 'guidance') => request[key] ?? numberOr(pack.defaults[key], IMAGE_RENDER_DEFAULTS[key])
  const activation = pack.activationMemory ?? familyActivationMemory[pack.architecture ?? ''] ?? familyActivationMemory.sd15
  const batch = NO_CFG_BATCH.has(pack.architecture ?? '') || pick('guidance') <= 1 ? 1 : 2
  return { width: pick('width'), height: pick('height'), activation, batch }
}

/** The largest square side (a multiple of `step`) whose render fits in `free` bytes, or null. */
export function largestSquareSide(weightsBytes: number, activation: ActivationMemory, batch: number, step: number, free: number): number | null {
  let side: number | null = null
  for (let candidate = step; candidate <= MAX_IMAGE_SIDE; candidate += step) {
    if (estimateRenderBytes(weightsBytes, activation, candidate, candidate, batch) > free) break
    side = candidate
  }
  return side
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

/** A small JSON config of the pack, or null when it is absent or not an object (the engine reports that). */
async function readJsonObject(path: string): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}
