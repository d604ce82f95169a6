// A small timing harness for zksim's benchmarks: warm-up, calibration of the work per run, the median
// of several timed runs, and Linux scheduler statistics that tell whether another process took the core.
// It measures one case in the current process; `subprocess.ts` gives each case a fresh process. The
// yardstick under ../shared/bench-reference has its own harness, which we deliberately do not import.
import { readFileSync } from 'node:fs';

/** Options every benchmark case receives. */
export interface CaseOptions {
  /** Fewer and shorter runs (`--quick`). */
  readonly isQuick: boolean;
}

/** Summary of `measure`: rates are operations per second of wall time unless named otherwise. */
export interface Measurement {
  readonly opsPerRun: number;
  readonly runCount: number;
  /** Median over runs of ops ÷ wall time: the headline figure. */
  readonly opsPerSec: number;
  /** Best run, the least disturbed one. */
  readonly bestOpsPerSec: number;
  /** Median of ops ÷ on-CPU time of this thread (insensitive to preemption). NaN off Linux. */
  readonly cpuOpsPerSec: number;
  /** Worst time this thread waited for a core, in % of a run's wall time: a noise indicator. */
  readonly maxWaitPct: number;
  /** (max − min) ÷ median of the per-run rates. */
  readonly spread: number;
  readonly runsOpsPerSec: readonly number[];
}

/** Timed runs per case: at least 5 as the benchmark issue asks, fewer only with `--quick`. */
export function runCountFor(options: CaseOptions): number {
  return options.isQuick ? 3 : 7;
}

/** Target wall time of one timed run. */
export function runTargetMsFor(options: CaseOptions): number {
  return options.isQuick ? 150 : 400;
}

/** Monotonic time in nanoseconds. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? (a[m] as number) : ((a[m - 1] as number) + (a[m] as number)) / 2;
}

/** Two full collections when the process runs with --expose-gc, else nothing. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** True when `collectGarbage` really collects (the process runs with --expose-gc). */
export function canCollectGarbage(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** Heap plus external bytes in use. */
export function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

interface SchedStat {
  readonly runNs: number;
  readonly waitNs: number;
}

const SCHEDSTAT_PATH = `/proc/self/task/${process.pid}/schedstat`;

/** On-CPU and run-queue wait nanoseconds of the main thread (Linux); NaN elsewhere. */
function schedStat(): SchedStat {
  try {
    const [run, wait] = readFileSync(SCHEDSTAT_PATH, 'utf8').split(' ');
    return { runNs: Number(run), waitNs: Number(wait) };
  } catch {
    return { runNs: NaN, waitNs: NaN };
  }
}

/**
 * Picks the work per run so that one run takes about `targetMs`, from one timed probe after a warm-up
 * probe. `fn(ops)` does at least `ops` operations and returns how many it did. Never below `minOps`.
 */
export function calibrate(fn: (ops: number) => number, targetMs: number, probeOps = 200_000, minOps = 100_000): number {
  fn(probeOps);
  const t0 = nowNs();
  const done = fn(probeOps);
  const ms = Math.max(Number(nowNs() - t0) / 1e6, 0.01);
  return Math.max(minOps, Math.round((done * targetMs) / ms));
}

/**
 * Times `fn(opsPerRun)` `runCount` times after `warmupCount` untimed calls; `fn` returns the number of
 * operations it did (at least the number asked for), which is what the rates count.
 */
export function measure(fn: (ops: number) => number, opsPerRun: number, runCount: number, warmupCount = 1): Measurement {
  for (let i = 0; i < warmupCount; i++) fn(opsPerRun);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const waitPcts: number[] = [];
  for (let r = 0; r < runCount; r++) {
    const s0 = schedStat();
    const t0 = nowNs();
    const done = fn(opsPerRun);
    const t1 = nowNs();
    const s1 = schedStat();
    const wallNs = Number(t1 - t0);
    rates.push(done / (wallNs / 1e9));
    cpuRates.push(done / ((s1.runNs - s0.runNs) / 1e9));
    waitPcts.push((100 * (s1.waitNs - s0.waitNs)) / wallNs);
  }
  const opsPerSec = median(rates);
  return {
    opsPerRun,
    runCount,
    opsPerSec,
    bestOpsPerSec: Math.max(...rates),
    cpuOpsPerSec: median(cpuRates),
    maxWaitPct: Math.max(...waitPcts),
    spread: (Math.max(...rates) - Math.min(...rates)) / opsPerSec,
    runsOpsPerSec: rates,
  };
}

/** The timing fields of a result line, rounded for reading. */
export function timingFields(m: Measurement): Record<string, unknown> {
  return {
    eventsPerSec: Math.round(m.opsPerSec),
    nsPerEvent: round(1e9 / m.opsPerSec, 1),
    opsPerRun: m.opsPerRun,
    runs: m.runCount,
    spread: round(m.spread, 3),
    runsEventsPerSec: m.runsOpsPerSec.map(Math.round),
    best: Math.round(m.bestOpsPerSec),
    cpuRate: Number.isFinite(m.cpuOpsPerSec) ? Math.round(m.cpuOpsPerSec) : null,
    maxWaitPct: Number.isFinite(m.maxWaitPct) ? round(m.maxWaitPct, 1) : null,
  };
}

/** Rounds to `digits` decimals. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Writes a progress line to stderr (stdout carries only JSON lines). */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
