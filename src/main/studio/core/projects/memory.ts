import { freemem } from 'node:os'
import type { EngineClient } from '../../inference-client/engine-client'
import type { PackResolver } from '../../packs/resolver'

/** Headroom kept free beyond the image pack's own estimate (activations, PNG encoding). */
const HEADROOM_BYTES = 512 * 1024 * 1024

/**
 * Before pictures are drawn: when free memory would not hold the image pack beside the text
 * model, the text model is released (its sessions closed in the inference process). Returns
 * whether it was.
 */
export async function releaseTextModelIfMemoryShort(packs: PackResolver, engine: EngineClient, freeBytes: () => number = freemem): Promise<boolean> {
  if (!engine.started) return false
  const image = await packs.resolve('image')
  const needed = (image.memoryBytes ?? 0) + HEADROOM_BYTES
  if (freeBytes() >= needed) return false
  const text = await packs.resolve('text')
  await engine.run('packs.release', { dir: text.dir })
  return true
}
