/**
 * Measures the peak memory of SD 1.x-shaped exports (built by sd_shapes.py) on onnxruntime's CPU
 * provider with the session options the inference process uses, one fresh process per run so
 * the kernel's high-water mark (VmHWM) is that run's alone; then fits the two per-latent-pixel
 * figures of `familyActivationMemory` to the activations measured.
 *
 * usage: npx tsx tools/memory/measure-sd.ts <folder with unet/ and vae_decoder/>
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { sessionOptions } from '../../src/main/inference/runtime/session'
import { familyActivationMemory } from '../../src/main/formats/activation-memory'

const MIB = 2 ** 20

interface Run {
  model: 'unet' | 'vae_decoder'
  side: number
  batch: number
}

interface Measured extends Run {
  startMiB: number
  loadedMiB: number
  peakMiB: number
  activationMiB: number
  seconds: number
}

function statusMiB(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field))
  return Number(line?.match(/(\d+)/)?.[1] ?? NaN) / 1024
}

async function runOnce(dir: string, run: Run): Promise<Measured> {
  const startMiB = statusMiB('VmRSS')
  const session = await ort.InferenceSession.create(join(dir, run.model, 'model.onnx'), sessionOptions('cpu'))
  const loadedMiB = statusMiB('VmRSS')
  const latent = run.side / 8
  const sample = new ort.Tensor('float32', new Float32Array(run.batch * 4 * latent * latent).fill(0.5), [run.batch, 4, latent, latent])
  const feeds: Record<string, ort.Tensor> =
    run.model === 'unet'
      ? {
          sample,
          timestep: new ort.Tensor('int64', BigInt64Array.from([999n]), [1]),
          encoder_hidden_states: new ort.Tensor('float32', new Float32Array(run.batch * 77 * 768).fill(0.1), [run.batch, 77, 768]),
        }
      : { latent_sample: sample }
  const began = performance.now()
  await session.run(feeds)
  const seconds = (performance.now() - began) / 1000
  const peakMiB = statusMiB('VmHWM')
  return { ...run, startMiB, loadedMiB, peakMiB, activationMiB: peakMiB - loadedMiB, seconds }
}

/** Least squares of activation bytes per batch item = a * L + b * L^2 (L = latent pixels). */
function fit(points: Array<{ latentPixels: number; bytes: number }>): { perLatentPixel: number; perLatentPixelPair: number } {
  let s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0
  for (const { latentPixels: l, bytes } of points) {
    s11 += l * l
    s12 += l ** 3
    s22 += l ** 4
    t1 += l * bytes
    t2 += l * l * bytes
  }
  const det = s11 * s22 - s12 * s12
  return { perLatentPixel: (t1 * s22 - t2 * s12) / det, perLatentPixelPair: (s11 * t2 - s12 * t1) / det }
}

async function main(): Promise<void> {
  const [dir, child] = process.argv.slice(2)
  if (child) {
    process.stdout.write(JSON.stringify(await runOnce(dir, JSON.parse(child) as Run)))
    return
  }
  const runs: Run[] = [
    ...[256, 384, 512].flatMap((side) => [1, 2].map((batch) => ({ model: 'unet' as const, side, batch }))),
    ...[256, 384, 512].map((side) => ({ model: 'vae_decoder' as const, side, batch: 1 })),
  ]
  const measured: Measured[] = []
  for (const run of runs) {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], dir, JSON.stringify(run)], { encoding: 'utf8', maxBuffer: 1 << 20 })
    const result = JSON.parse(out) as Measured
    measured.push(result)
    console.log(JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10) / 10 : v]))))
  }
  // A render holds both models and peaks in whichever of a UNet step or the decode needs more;
  // the estimate counts per item of the UNet's batch.
  const activationMiB = (model: Run['model'], side: number, batch: number): number =>
    measured.find((m) => m.model === model && m.side === side && m.batch === batch)?.activationMiB ?? NaN
  const perItem = (side: number): number =>
    Math.max(activationMiB('unet', side, 1), activationMiB('unet', side, 2) / 2, activationMiB('vae_decoder', side, 1)) * MIB
  const figures = fit([256, 384, 512].map((side) => ({ latentPixels: (side / 8) ** 2, bytes: perItem(side) })))
  const weightsMiB = measured.filter((m) => m.batch === 1 && m.side === 256).reduce((sum, m) => sum + m.loadedMiB - m.startMiB, 0)
  console.log(JSON.stringify({ fitted: { perLatentPixel: Math.round(figures.perLatentPixel), perLatentPixelPair: Math.round(figures.perLatentPixelPair) }, weightsLoadedMiB: Math.round(weightsMiB), estimateInUse: familyActivationMemory.sd15 }))
}

await main()
