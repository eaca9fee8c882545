/**
 * Where the time of a denoising step goes: inside the UNet, or in the loop around it (scheduler
 * step, guidance combine, tensor creation, the previews, also reported on their own). The UNet
 * run is the raw baseline measured in the same render, so `glue_share` = loop time / UNet time
 * says what the pipeline itself costs. Runs on the CPU in a process started as the inference
 * process is (its environment and V8 flags, see inference-env.ts), on its JS thread, as the
 * product's render runs: classifier-free guidance in one batch of 2, previews when due.
 * - `sd-tiny`: the tiny random-weight fixture at 64 x 64 (the UNet is almost free, so glue dominates);
 * - `sd-heavy`: the heavy-UNet fixture at 512 x 512 (a 4 x 64 x 64 latent; one UNet run >= 50 ms).
 * Then one scheduler step on a 4 x 64 x 64 latent, per scheduler (median of many).
 *
 * Usage: npm run bench -- image [--rounds N] [--steps N]
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { openImagePack } from '../src/main/inference/diffusion/pack/image-pack'
import { PreviewSchedule } from '../src/main/inference/diffusion/image/preview-schedule'
import { renderImage, type RenderSettings } from '../src/main/inference/diffusion/pipeline'
import { SeededRandom } from '../src/main/inference/diffusion/random'
import { createScheduler } from '../src/main/inference/diffusion/schedulers/create-scheduler'
import { INFERENCE_EXEC_ARGV, inferenceEnv } from '../src/main/studio/inference-client/inference-env'
import { schedulerNames } from '../src/shared/contract/image'
import { IMAGE_FIXTURES, fixturePacks } from '../test/fixtures/packs'
import { median, numberFlag, roundTo } from './shared/figures'

/** Set in the child this benchmark runs itself in. */
const IN_INFERENCE_SETUP = 'TALEWEAVER_BENCH_IN_INFERENCE_SETUP'

async function rerunInInferenceSetup(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [...INFERENCE_EXEC_ARGV, '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./run.ts', import.meta.url)), 'image', ...args], {
    env: { ...inferenceEnv(process.env, process.platform), [IN_INFERENCE_SETUP]: '1' },
    stdio: 'inherit',
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the image benchmark exited with code ${code}`)
}

const SD_SCHEDULE = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear', steps_offset: 1 } as const

export default async function benchImage(args: string[]): Promise<void> {
  // The loop's own work touches fresh model outputs every step: where memory comes from (huge
  // pages) and how garbage is collected matter, so it is measured in the inference process's setup.
  if (!process.env[IN_INFERENCE_SETUP]) return rerunInInferenceSetup(args)
  const rounds = numberFlag(args, '--rounds', 3)
  const steps = numberFlag(args, '--steps', 8)
  const packs = await fixturePacks()
  const fixtures = [
    { fixture: IMAGE_FIXTURES.sd, size: 64 },
    { fixture: IMAGE_FIXTURES.heavy, size: 512 },
  ]
  for (const { fixture, size } of fixtures) {
    const pack = await openImagePack(packs[fixture], { provider: 'cpu' })
    const settings: RenderSettings = { prompt: 'a fox in a snowy forest', negativePrompt: '', steps, guidance: 7.5, scheduler: 'euler', seed: 1, width: size, height: size }
    // The first render warms up onnxruntime and the JIT (a loop body runs interpreted until V8
    // optimises it): reported apart as the cold cost, not counted in the medians.
    const cold = (await renderWithPreviews(pack, settings)).output.timings
    const perStep: { unet: number; glue: number; preview: number }[] = []
    for (let round = 0; round < rounds; round++) {
      const { output, previewMs } = await renderWithPreviews(pack, settings)
      const { unetMs, denoiseMs } = output.timings
      perStep.push({ unet: unetMs / steps, glue: (denoiseMs - unetMs) / steps, preview: previewMs / steps })
    }
    await pack.release()
    const unet = median(perStep.map((s) => s.unet))
    const glue = median(perStep.map((s) => s.glue))
    const preview = median(perStep.map((s) => s.preview))
    console.log(
      JSON.stringify({
        fixture,
        latent: `4x${size / 8}x${size / 8}`,
        batch: 2,
        steps,
        rounds,
        unet_ms_per_step: roundTo(unet, 3),
        glue_ms_per_step: roundTo(glue, 3),
        glue_share: roundTo(glue / unet, 3),
        preview_ms_per_step: roundTo(preview, 3),
        cold_glue_ms_per_step: roundTo((cold.denoiseMs - cold.unetMs) / steps, 3),
      }),
    )
  }

  const latent = SeededRandom.fromSeed(3).fillGaussian(new Float32Array(4 * 64 * 64))
  const modelOutput = SeededRandom.fromSeed(4).fillGaussian(new Float32Array(latent.length))
  for (const name of schedulerNames) {
    const scheduler = createScheduler(name, SD_SCHEDULE, SeededRandom.fromSeed(5))
    const times: number[] = []
    for (let repeat = 0; repeat < 20; repeat++) {
      scheduler.setTimesteps(25)
      const sample = latent.slice()
      for (let index = 0; index < 25; index++) {
        const started = performance.now()
        scheduler.step(modelOutput, index, sample)
        if (repeat > 0) times.push(performance.now() - started)
      }
    }
    console.log(JSON.stringify({ scheduler_step: name, latent: '4x64x64', ms_per_step: roundTo(median(times), 3), p90_ms: roundTo(quantile(times, 0.9), 3) }))
  }
}

/** A render with the product's previews (latent to RGB to a small PNG data URL, when due), timed. */
async function renderWithPreviews(pack: Awaited<ReturnType<typeof openImagePack>>, settings: RenderSettings) {
  let previewMs = 0
  const previews = new PreviewSchedule()
  const output = await renderImage(pack, settings, {
    onStep: ({ denoised, latentHeight, latentWidth }) => {
      const started = performance.now()
      previews.preview(denoised, latentHeight, latentWidth)
      previewMs += performance.now() - started
    },
  })
  return { output, previewMs }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
