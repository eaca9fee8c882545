import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where `npm run build` writes the renderer when running from source. */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../../out/renderer', import.meta.url))
}

/**
 * Makes sure a built renderer exists in `outDir`, building it with Vite when it does not (the
 * studio server runs from source, right after `npm ci`). Vite is loaded only when needed.
 */
export async function ensureRendererBuilt(outDir: string, force = false): Promise<void> {
  if (!force && existsSync(`${outDir}/index.html`)) return
  const [{ build }, { default: vue }] = await Promise.all([import('vite'), import('@vitejs/plugin-vue')])
  await build({
    configFile: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('../../renderer', import.meta.url)),
    plugins: [vue()],
    build: { outDir, emptyOutDir: true },
  })
}
