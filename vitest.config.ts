import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

/**
 * Two projects: `unit` (fast, pure, no model runs) and `integration` (runs ONNX models, the
 * studio server, Chromium, PDF tools). `npm test` runs both.
 */
export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/e2e/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // Model runs already use both cores; running files in parallel only adds contention.
          fileParallelism: false,
        },
      },
    ],
  },
})
