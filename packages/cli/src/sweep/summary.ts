// Aggregates per-seed results into the sweep's final report: runs, violations by checker (safety and
// liveness apart), simulator crashes, "sometimes" coverage, and the failing seeds with their shrunk
// scenario files; formats it as a table or as one JSON object.
import { SOMETIMES_GOALS, formatSize, type ScenarioSize } from '@zksim/checkers';
import type { JobOutcome, } from './pool.ts';
import type { SeedResult } from './run-seed.ts';

/** A failing seed, as reported. */
export interface FailingSeed {
  readonly seed: number;
  readonly first: string;
  readonly checkers: readonly string[];
  readonly file: string | null;
  readonly size: ScenarioSize | null;
  readonly drawnSize: ScenarioSize;
  readonly shrinkSteps: number;
}

/** The whole sweep. */
export interface SweepSummary {
  readonly profile: string;
  readonly bug: string | null;
  readonly seeds: number;
  readonly runs: number;
  readonly workers: number;
  readonly wallMs: number;
  readonly events: number;
  readonly safety: Record<string, number>;
  readonly liveness: Record<string, number>;
  readonly crashes: number;
  readonly errors: readonly string[];
  readonly sometimes: Record<string, number>;
  readonly failing: FailingSeed[];
}

/** Collects outcomes as they arrive. */
export class SweepTally {
  readonly safety: Record<string, number> = {};
  readonly liveness: Record<string, number> = {};
  readonly sometimes: Record<string, number> = Object.fromEntries(SOMETIMES_GOALS.map((g) => [g, 0]));
  readonly errors: string[] = [];
  readonly failing: FailingSeed[] = [];
  runs = 0;
  crashes = 0;
  events = 0;

  /** Adds one outcome; `file` is where its shrunk scenario was saved (null if none). */
  add(o: JobOutcome, file: (r: SeedResult) => string | null): void {
    this.runs++;
    if (!o.ok) {
      this.errors.push(`seed ${o.seed}: ${o.error.split('\n')[0] ?? ''}`);
      return;
    }
    const r = o.result;
    this.events += r.events;
    for (const g of r.sometimes) this.sometimes[g] = (this.sometimes[g] ?? 0) + 1;
    const bump = (m: Record<string, number>, names: readonly string[]): void => {
      for (const n of new Set(names)) m[n] = (m[n] ?? 0) + 1;
    };
    bump(this.safety, r.violations.filter((v) => v.kind === 'safety').map((v) => v.checker));
    bump(this.liveness, r.violations.filter((v) => v.kind === 'liveness').map((v) => v.checker));
    if (r.crash !== null) this.crashes++;
    if (r.crash === null && r.violations.length === 0) return;
    const first = r.crash !== null ? `simulator stopped: ${r.crash}` : (() => {
      const v = r.violations[0];
      return v === undefined ? '' : `[${v.kind}] ${v.checker}: ${v.message}`;
    })();
    this.failing.push({
      seed: r.seed, first, checkers: [...new Set(r.violations.map((v) => v.checker))], file: file(r),
      size: r.shrunk?.size ?? null, drawnSize: r.drawnSize, shrinkSteps: r.shrunk?.steps ?? 0,
    });
  }
}

/** The final table. */
export function formatSummary(s: SweepSummary): string[] {
  const out: string[] = [];
  const secs = s.wallMs / 1000;
  out.push(`zksim sweep: ${s.runs}/${s.seeds} seeds, profile ${s.profile}${s.bug === null ? '' : `, bug ${s.bug}`}, ${s.workers} worker${s.workers === 1 ? '' : 's'}, ${secs.toFixed(1)} s (${(s.runs / Math.max(secs, 1e-9)).toFixed(1)} runs/s)`);
  const section = (title: string, m: Record<string, number>): void => {
    const rows = Object.entries(m).filter(([, n]) => n > 0);
    out.push(`${title.padEnd(34)} runs`);
    if (rows.length === 0) out.push('  none');
    for (const [k, n] of rows) out.push(`  ${k.padEnd(32)} ${n}`);
  };
  section('safety violations', s.safety);
  section('liveness failures', s.liveness);
  if (s.crashes > 0) out.push(`simulator stopped with an error      ${s.crashes}`);
  out.push(`${'sometimes goals'.padEnd(34)} runs`);
  for (const g of SOMETIMES_GOALS) out.push(`  ${g.padEnd(32)} ${s.sometimes[g] ?? 0} / ${s.runs}`);
  for (const e of s.errors) out.push(`error: ${e}`);
  if (s.failing.length > 0) {
    out.push(`failing seeds (${s.failing.length}):`);
    for (const f of [...s.failing].sort((a, b) => a.seed - b.seed).slice(0, 50)) {
      out.push(`  seed ${f.seed}: ${f.first}`);
      if (f.file !== null) {
        const size = f.size === null ? '' : ` — shrunk to ${formatSize(f.size)} (drawn: ${formatSize(f.drawnSize)})`;
        out.push(`    saved ${f.file}${size}`);
        out.push(`    replay: pnpm zksim run ${f.file}`);
      }
    }
  }
  return out;
}
