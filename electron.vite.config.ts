import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY_META } from './src/main/web/content-security-policy'

/** Writes the studio's one Content-Security-Policy into index.html (the protocol and server send it as a header). */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'taleweaver-content-security-policy',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' }],
  }
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The inference process is its own entry, started beside index.js.
          'engine-process': resolve('src/main/inference/engine-process.ts'),
          // Scene and layout work runs in a worker thread beside index.js.
          'studio-worker': resolve('src/main/studio/core/off-thread/studio-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but `electron`: bundle everything else into it.
      externalizeDeps: false,
      rollupOptions: {
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [vue(), contentSecurityPolicyMeta()],
  },
})
