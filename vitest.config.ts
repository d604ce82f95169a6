import { defineConfig } from 'vitest/config';

// One vitest run covers every package. Tests sit beside the code (`foo.test.ts`) or, for whole-cluster
// tests, under `packages/*/test/`. FC_SEED (if set) fixes fast-check's seed; otherwise a fresh seed is
// drawn and printed by fast-check on failure.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // In CI also write a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    ...(process.env['CI'] ? { reporters: ['default', 'json'], outputFile: { json: 'artifacts/vitest.json' } } : {}),
  },
});
