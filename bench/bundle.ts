// Benchmark children run zksim as one JavaScript file built with esbuild, as a release build ships it,
// not through tsx's per-file loader: under tsx every cross-module call goes through an import binding
// that costs about a tenth of the full-model workload's time. The parent (under tsx) builds the bundle
// once per `pnpm bench`; `--tsx` keeps the children under tsx instead, to compare.
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** Builds `bench/run.ts` and everything it imports into `bench/.build/run.mjs`; returns its path. */
export function bundleBenchmarks(): string {
  const outfile = join(BENCH_DIR, '.build', 'run.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  buildSync({
    entryPoints: [resolve(BENCH_DIR, 'run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
    // CommonJS dependencies (seedrandom) may `require` Node's modules; give the ES module a `require`.
    banner: { js: "import { createRequire as __zksimCreateRequire } from 'node:module'; const require = __zksimCreateRequire(import.meta.url);" },
  });
  return outfile;
}
