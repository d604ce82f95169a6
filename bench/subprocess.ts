// Child processes for benchmark cases: zksim's own cases (this script again, through tsx's loader) and
// the yardstick's scripts (plain node). A child prints its result as one `RESULT {json}` line on stdout,
// the yardstick's convention; its stderr passes through as progress. One child runs at a time, so cases
// never compete for the cores.
import { spawnSync } from 'node:child_process';
import type { ResultLine } from './benchmark.ts';

/** Prefix of the result line a child prints. */
export const RESULT_PREFIX = 'RESULT ';

/** A child's outcome: its result lines, or why there are none. */
export type ChildOutcome =
  | { readonly ok: true; readonly results: readonly ResultLine[] }
  | { readonly ok: false; readonly reason: string };

const CHILD_TIMEOUT_MS = 15 * 60 * 1000;

/** Runs `node <args>` with --expose-gc and collects its `RESULT` lines. */
export function runNodeChild(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildOutcome {
  const child = spawnSync(process.execPath, ['--expose-gc', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error !== undefined) return { ok: false, reason: child.error.message };
  if (child.status !== 0) return { ok: false, reason: `exit status ${child.status ?? child.signal}` };
  const results: ResultLine[] = [];
  for (const line of child.stdout.split('\n')) {
    if (line.startsWith(RESULT_PREFIX)) results.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as ResultLine);
  }
  if (results.length === 0) return { ok: false, reason: 'no RESULT line on stdout' };
  return { ok: true, results };
}

/**
 * Runs a TypeScript entry point in a child with the same tsx loader as this process (tsx passes it in
 * `process.execArgv`), so a case gets a fresh heap and fresh JIT feedback.
 */
export function runTsChild(script: string, args: readonly string[]): ChildOutcome {
  return runNodeChild([...process.execArgv, script, ...args]);
}

/** Prints a child's result line on stdout (the child side of the protocol). */
export function writeResult(line: ResultLine): void {
  process.stdout.write(RESULT_PREFIX + JSON.stringify(line) + '\n');
}
