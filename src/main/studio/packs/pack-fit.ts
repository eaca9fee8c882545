import { stat } from 'node:fs/promises'
import type { FitVerdict, PackFit } from '../../../shared/contract'
import type { GpuDevice } from '../../../shared/contract/settings'
import type { PackRunPlan } from '../../inference/packs/methods'
import { textActivationBytes } from '../../formats/activation-memory'
import { estimateRenderBytes, renderShape } from './render-budget'
import type { ResolvedPack } from './resolver'

/** GPU providers with memory of their own; CoreML shares the machine's (Apple silicon). */
const DEDICATED_GPU_PROVIDERS = new Set(['cuda', 'dml'])
/** Float16 weights keep float16 activations and cache; every other variant computes in float32. */
const HALF_PRECISION = new Set(['fp16', 'q4f16'])

/** What the machine has: its memory in all and free now, and its GPUs. */
export interface MachineMemory {
  totalBytes: number
  freeBytes: number
  gpus: GpuDevice[]
}

/** Says whether `needed` fits: in what is free now, in the device's whole memory, or not at all. */
export function fitVerdict(needed: number, total: number | null, free: number | null): FitVerdict {
  if (total === null) return 'unknown'
  if (needed > total) return 'too-big'
  return free === null || needed <= free ? 'fits' : 'tight'
}

/**
 * Estimates a pack's peak memory (the weights that would load plus activations at the most the
 * studio asks of it) on the provider the inference process would run it on, against that
 * device's memory: a dedicated GPU's own (as its driver lists it), else the machine's.
 */
export async function estimatePackFit(pack: ResolvedPack, plan: PackRunPlan, machine: MachineMemory): Promise<PackFit> {
  let weightsBytes = pack.memoryBytes ?? 0
  let activationBytes = 0
  let basis: PackFit['basis'] = null
  let variants: PackFit['variants'] = []
  if (plan.text) {
    const sizeOf = async (files: string[]) => (await Promise.all(files.map(async (file) => (await stat(file)).size))).reduce((sum, size) => sum + size, 0)
    variants = await Promise.all(plan.text.variants.map(async ({ weights, files }) => ({ weights, sizeBytes: await sizeOf(files) })))
    // Only the variant that runs is loaded, not the whole folder; it is one of those just sized.
    const runs = plan.text.runs
    weightsBytes = variants.find((variant) => variant.weights === runs.weights)?.sizeBytes ?? (await sizeOf(runs.files))
    activationBytes = textActivationBytes(plan.text.shape, HALF_PRECISION.has(plan.text.runs.weights) ? 2 : 4)
    basis = { tokens: plan.text.shape.contextLength }
  } else if (pack.kind === 'image') {
    // An export fixed to one size renders only that size.
    const { width, height, activation, batch } = renderShape(pack, pack.fixedSize ?? {})
    activationBytes = estimateRenderBytes(0, activation, width, height, batch)
    basis = { width, height }
  }
  const neededBytes = weightsBytes + activationBytes
  const gpu = DEDICATED_GPU_PROVIDERS.has(plan.provider)
  // A GPU's free memory is not read here (it changes with every other program's use): its total only.
  const totalBytes = gpu ? (machine.gpus.find((device) => device.index === plan.gpuIndex)?.memoryBytes ?? null) : machine.totalBytes
  const freeBytes = gpu ? null : machine.freeBytes
  return {
    provider: plan.provider,
    attempts: plan.attempts,
    memory: gpu ? 'gpu' : 'system',
    weightsBytes,
    activationBytes,
    neededBytes,
    totalBytes,
    freeBytes,
    verdict: fitVerdict(neededBytes, totalBytes, freeBytes),
    basis,
    weights: plan.text?.runs.weights ?? null,
    variants,
  }
}
