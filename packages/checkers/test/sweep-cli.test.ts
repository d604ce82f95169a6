// `zksim sweep` end to end, as a user runs it (a child process, worker threads loading TypeScript through
// tsx): a short sweep of the correct model exits 0 with its table; a bug sweep finds the bug, exits 1 and
// saves a shrunk scenario that `zksim run` replays to the same violation; bad usage exits 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'zksim.mjs');

function zksim(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('zksim sweep', () => {
  it('runs seeds on two worker threads and exits 0 when nothing fails', () => {
    const r = zksim(['sweep', '--seeds', '6', '--workers', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { runs: number; workers: number; failing: unknown[]; sometimes: Record<string, number> };
    expect(summary.runs).toBe(6);
    expect(summary.workers).toBe(2);
    expect(summary.failing).toEqual([]);
    expect(Object.keys(summary.sometimes)).toContain('expiry-during-election');
    expect(r.stderr).toMatch(/6\/6 seeds/);
  }, 120_000);

  it('finds a zoo bug, saves the shrunk scenario, and zksim run replays it', () => {
    const out = mkdtempSync(join(tmpdir(), 'zksim-sweep-'));
    const r = zksim(['sweep', '--bug', 'follower-expires-sessions', '--stop', '--workers', '1', '--shrink-runs', '60', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/safety violations +runs\n {2}expiry-authority +\d+/);
    const files = readdirSync(out);
    expect(files.length).toBe(1);
    const file = join(out, files[0] as string);
    expect(readFileSync(file, 'utf8')).toMatch(/bugs: \[follower-expires-sessions\]/);
    const replay = zksim(['run', file, '--quiet']);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/\[safety\] expiry-authority: s\d expires session/);
  }, 120_000);

  it('rejects bad usage with exit code 2', () => {
    expect(zksim(['sweep', '--bug', 'no-such-bug']).code).toBe(2);
    expect(zksim(['sweep', '--shard', '3/2']).code).toBe(2);
    expect(zksim(['sweep', '--help']).stdout).toMatch(/Examples:/);
  }, 60_000);
});
