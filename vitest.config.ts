import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          environment: 'node',
          // Never the developer's own OS keyring: tests that want a keyring inject a stand-in.
          env: { FENCEPOST_SECRET_STORE: 'file' },
          include: ['test/main/**/*.test.ts', 'test/plugins/**/*.test.ts', 'test/lab/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
        },
      },
      {
        // Playwright specs in Debian's Chromium against browser mode (test/e2e/support).
        test: {
          name: 'e2e',
          environment: 'node',
          env: { FENCEPOST_SECRET_STORE: 'file' },
          include: ['test/e2e/**/*.spec.ts'],
          globalSetup: ['test/e2e/support/globalSetup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run bench -- --smoke` (bench/run.ts): every section still runs; no time is judged.
        // The UI section needs the built UI, as the specs do.
        test: {
          name: 'bench',
          environment: 'node',
          env: { FENCEPOST_SECRET_STORE: 'file' },
          include: ['test/bench/**/*.test.ts'],
          globalSetup: ['test/e2e/support/globalSetup.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
})
