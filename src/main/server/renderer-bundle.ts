import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ContractError } from '../../shared/errors'

/** Where `npm run build` writes the renderer (out/renderer, beside the app's main bundle). */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../../out/renderer', import.meta.url))
}

/**
 * The prebuilt renderer the studio server serves. The server never builds it: building needs
 * Vite, a development dependency, and an install without those (`npm ci --omit=dev`, a
 * packaged app) must still serve the studio.
 */
export function requireBuiltRenderer(dir: string): string {
  if (existsSync(join(dir, 'index.html'))) return dir
  throw new ContractError('not-found', `The studio's window is not built (no ${join(dir, 'index.html')}): run \`npm run build\` once, then serve again.`)
}
