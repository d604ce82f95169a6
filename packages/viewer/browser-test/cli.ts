// Runs the zksim command the way a learner would, for the browser tests to compare the page with it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The zksim entry point. */
export const ZKSIM = fileURLToPath(new URL('../../cli/bin/zksim.mjs', import.meta.url));

/** `zksim ARGS`: exit code and output. */
export function zksim(args: readonly string[]): { readonly status: number; readonly stdout: string; readonly stderr: string } {
  const r = spawnSync(process.execPath, [ZKSIM, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The trace hash `zksim run FILE --json` reports. */
export function cliTraceHash(file: string, extra: readonly string[] = []): string {
  const r = zksim(['run', file, '--json', ...extra]);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const hash = (JSON.parse(last) as { traceHash?: string }).traceHash;
  if (hash === undefined) throw new Error(`zksim run ${file} printed no hash:\n${r.stdout}\n${r.stderr}`);
  return hash;
}
