import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests of the viewer: Debian's Chromium driven by playwright-core against the built page
// (pnpm viewer:build). Kept out of the README's `pnpm test`, which must pass with only Node and npm.
// Run with `pnpm test:browser`; screenshots land in artifacts/viewer/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['browser-test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: '../../artifacts/viewer/vitest-browser.json' },
  },
});
