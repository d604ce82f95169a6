// Runs every checker over a trace, incrementally: `onRecord` after each event (or `write`, so the suite
// plugs into the simulator as a trace sink), `finish` at the end. Keeps safety and liveness findings apart,
// caps how many each checker keeps, and counts the "sometimes" goals the run reached.
import type { Checker, CheckContext, CheckerFactory, Finding } from './checker.ts';
import { clientExpiry } from './checkers/client-expiry.ts';
import { closeDeletes } from './checkers/close-deletes.ts';
import { closedSessionWrites } from './checkers/closed-session-writes.ts';
import { committedPrefix } from './checkers/committed-prefix.ts';
import { deadSessionsClosed } from './checkers/dead-sessions-closed.ts';
import { expiryAuthority } from './checkers/expiry-authority.ts';
import { expiryTiming } from './checkers/expiry-timing.ts';
import { pingingClientLives } from './checkers/pinging-client-lives.ts';
import { singleLeader } from './checkers/single-leader.ts';
import { zxidsGrow } from './checkers/zxids-grow.ts';
import { ClusterView } from './facts/cluster-view.ts';
import { FaultBook } from './facts/faults.ts';
import { ReplicaModel } from './facts/replicas.ts';
import { resolveOptions, type CheckerOptions } from './options.ts';
import { SOMETIMES_GOALS, SometimesTracker, type SometimesGoal } from './sometimes.ts';
import type { TraceRecord } from './trace-record.ts';
import { formatViolation, type Violation } from './violation.ts';

/** Every checker, safety first, in report order. */
export const CHECKER_FACTORIES: readonly CheckerFactory[] = [
  singleLeader, zxidsGrow, committedPrefix, closeDeletes, closedSessionWrites, expiryAuthority, expiryTiming, clientExpiry,
  pingingClientLives, deadSessionsClosed,
];

/** Name, kind and description of every checker (for `--help`, docs and reports). */
export function checkerCatalog(): { name: string; kind: 'safety' | 'liveness'; description: string }[] {
  const ctx = newContext(resolveOptions());
  return CHECKER_FACTORIES.map((f) => {
    const c = f(ctx);
    return { name: c.name, kind: c.kind, description: c.description };
  });
}

/** What one checked run found. */
export interface CheckReport {
  readonly safety: readonly Violation[];
  readonly liveness: readonly Violation[];
  /** Findings beyond the per-checker cap, by checker. */
  readonly dropped: Readonly<Record<string, number>>;
  /** How often each "sometimes" goal happened. */
  readonly sometimes: Readonly<Record<SometimesGoal, number>>;
  readonly records: number;
  readonly endMs: number;
}

function newContext(options: CheckerOptions): CheckContext {
  const view = new ClusterView();
  const delayBound = options.delayBoundMs ?? Math.min(options.tickTimeMs / 4, 500);
  return { view, replicas: new ReplicaModel(), faults: new FaultBook(delayBound, (n) => view.servers.has(n)), options };
}

/**
 * All checkers over one trace, fed one record at a time. It is a trace sink (`write`), so a simulation can
 * feed it directly.
 * @example
 * const suite = new CheckerSuite(checkerOptionsFor(scenario));
 * runScenario(scenario, { traceSink: suite, traceHash: false });
 * const report = suite.finish(scenario.untilMs);
 */
export class CheckerSuite {
  readonly options: CheckerOptions;
  private readonly ctx: CheckContext;
  private readonly checkers: Checker[];
  private readonly sometimes: SometimesTracker;
  private readonly found = new Map<string, Violation[]>();
  private readonly dropped: Record<string, number> = {};
  private count = 0;
  private lastTime = 0;
  private report: CheckReport | null = null;

  constructor(options: Partial<CheckerOptions> = {}) {
    this.options = resolveOptions(options);
    this.ctx = newContext(this.options);
    const only = this.options.only;
    this.checkers = CHECKER_FACTORIES.map((f) => f(this.ctx)).filter((c) => only === null || only.includes(c.name));
    this.sometimes = new SometimesTracker(this.ctx.view);
  }

  /** Trace-sink entry point: same as `onRecord`. */
  write(record: TraceRecord): void {
    this.onRecord(record);
  }

  /** Feeds one record to the shared facts, then to every checker. */
  onRecord(r: TraceRecord): void {
    if (this.report !== null) return;
    this.count++;
    this.lastTime = r.time;
    this.ctx.view.onRecord(r);
    this.ctx.replicas.onRecord(r);
    this.ctx.faults.onRecord(r);
    for (const c of this.checkers) c.onRecord(r, (f) => this.add(c, f));
    this.sometimes.onRecord(r);
  }

  /** Safety violations found so far (liveness is only judged at `finish`). */
  safetySoFar(): Violation[] {
    return [...this.found.values()].flat().filter((v) => v.kind === 'safety').sort(byTime);
  }

  /** Ends the trace at `endMs` (default: the last record's time) and returns the report. Idempotent. */
  finish(endMs: number = this.lastTime): CheckReport {
    if (this.report !== null) return this.report;
    for (const c of this.checkers) c.finish(endMs, (f) => this.add(c, f));
    const all = [...this.found.values()].flat().sort(byTime);
    const sometimes = {} as Record<SometimesGoal, number>;
    for (const g of SOMETIMES_GOALS) sometimes[g] = this.sometimes.hits.get(g) ?? 0;
    this.report = {
      safety: all.filter((v) => v.kind === 'safety'),
      liveness: all.filter((v) => v.kind === 'liveness'),
      dropped: { ...this.dropped },
      sometimes,
      records: this.count,
      endMs,
    };
    return this.report;
  }

  private add(c: Checker, f: Finding): void {
    let list = this.found.get(c.name);
    if (list === undefined) this.found.set(c.name, (list = []));
    if (list.length >= this.options.maxViolationsPerChecker) {
      this.dropped[c.name] = (this.dropped[c.name] ?? 0) + 1;
      return;
    }
    list.push({ time: f.at.time, seq: f.at.seq, checker: c.name, kind: c.kind, message: f.message, evidence: f.evidence });
  }
}

function byTime(a: Violation, b: Violation): number {
  return a.time - b.time || a.seq - b.seq;
}

/**
 * Checks a whole trace at once: a pure function from records to a report.
 * @example const { safety, liveness } = checkTrace(records, checkerOptionsFor(scenario), scenario.untilMs);
 */
export function checkTrace(records: Iterable<TraceRecord>, options: Partial<CheckerOptions> = {}, endMs?: number): CheckReport {
  const suite = new CheckerSuite(options);
  for (const r of records) suite.onRecord(r);
  return suite.finish(endMs);
}

/** The report as lines: safety, then liveness, then the goals reached. */
export function formatReport(report: CheckReport): string[] {
  const out: string[] = [];
  out.push(report.safety.length === 0 ? 'safety: no violation' : `safety: ${report.safety.length} violation(s)`);
  for (const v of report.safety) out.push(`  ${formatViolation(v)}`);
  out.push(report.liveness.length === 0 ? 'liveness: no failure' : `liveness: ${report.liveness.length} failure(s)`);
  for (const v of report.liveness) out.push(`  ${formatViolation(v)}`);
  for (const [name, n] of Object.entries(report.dropped)) out.push(`  (${n} more from ${name})`);
  const goals = SOMETIMES_GOALS.filter((g) => report.sometimes[g] > 0);
  out.push(`sometimes: ${goals.length === 0 ? 'none reached' : goals.join(', ')}`);
  return out;
}
