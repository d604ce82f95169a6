// The suite's property runner: draw scenarios from a seed, run each with every checker on, and on a failure
// let fast-check shrink it, write the shrunk scenario as a file `zksim run` replays (with a
// `no-violations` expectation, so the replay fails the same way) and print the one-line repro command.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type fc from 'fast-check';
import { runScenario } from '@zksim/sim';
import {
  CheckerSuite, checkerOptionsFor, formatViolation, scenarioToYaml, testSeed,
  type CheckReport, type ScenarioShape, type Violation,
} from '../../src/index.ts';
import { SimIssueRecorder, type SimIssue } from './known-sim-issues.ts';

/** Repository root (failures are written under it). */
export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** What one checked run found, with known simulator issues told apart. */
export interface Verdict {
  readonly report: CheckReport;
  readonly crash: string | null;
  readonly knownIssues: readonly SimIssue[];
  /** Safety violations, crashes, and liveness failures not explained by a known simulator issue. */
  readonly failures: readonly string[];
}

/** Runs a scenario with all checkers and judges it. */
export function judge(s: ScenarioShape): Verdict {
  const suite = new CheckerSuite(checkerOptionsFor(s));
  const issues = new SimIssueRecorder(s.cluster.tickTimeMs);
  let crash: string | null = null;
  try {
    runScenario(s, { traceHash: false, traceSink: { write: (r) => { suite.onRecord(r); issues.write(r); } } });
  } catch (e) {
    crash = (e as Error).message;
  }
  const report = suite.finish(s.untilMs);
  const knownIssues = report.liveness.length > 0 ? issues.issues() : [];
  const failures = [
    ...(crash === null ? [] : [`simulator stopped: ${crash}`]),
    ...report.safety.map(formatViolation),
    ...(knownIssues.length > 0 ? [] : report.liveness.map(formatViolation)),
  ];
  return { report, crash, knownIssues, failures };
}

/** The checker names a verdict's failures come from (crash: 'crash'). */
export function failingCheckers(v: Verdict): string[] {
  const list: Violation[] = [...v.report.safety, ...(v.knownIssues.length > 0 ? [] : v.report.liveness)];
  return [...new Set([...(v.crash === null ? [] : ['crash']), ...list.map((x) => x.checker)])];
}

/** Result of checking a batch of seeds. */
export interface BatchResult {
  readonly runs: number;
  readonly failed: { readonly seed: number; readonly file: string; readonly repro: string; readonly failures: readonly string[] }[];
  readonly known: Map<SimIssue, number>;
  readonly goals: Map<string, number>;
}

/**
 * Checks `count` seeds from `firstSeed`; each failure is shrunk (`shrinkRunsMax` runs at most), written to
 * `sweep-failures/<name>-<seed>.yaml` and reported with its repro command.
 */
export function checkSeeds(arb: fc.Arbitrary<ScenarioShape>, name: string, seeds: readonly number[], shrinkRunsMax = 150): BatchResult {
  const failed: BatchResult['failed'] = [];
  const known = new Map<SimIssue, number>();
  const goals = new Map<string, number>();
  for (const seed of seeds) {
    const o = testSeed(arb, seed, judge, (v) => v.failures.length > 0, { shrinkRunsMax },
      (orig, cand) => failingCheckers(cand).some((c) => failingCheckers(orig).includes(c)));
    for (const i of o.result.knownIssues) known.set(i, (known.get(i) ?? 0) + 1);
    for (const [g, n] of Object.entries(o.result.report.sometimes)) if (n > 0) goals.set(g, (goals.get(g) ?? 0) + 1);
    if (o.shrunk === null) continue;
    const file = writeRepro(o.shrunk.value, `${name}-${seed}`, [`found by the checkers test suite: ${name}, seed ${seed}`, ...o.shrunk.result.failures.slice(0, 3)]);
    failed.push({ seed, file, repro: `pnpm zksim run ${file}`, failures: o.result.failures });
  }
  return { runs: seeds.length, failed, known, goals };
}

/** Writes a scenario with a `no-violations` expectation under sweep-failures/; returns its relative path. */
export function writeRepro(s: ScenarioShape, name: string, comment: readonly string[]): string {
  const dir = join(ROOT, 'sweep-failures');
  mkdirSync(dir, { recursive: true });
  const withCheck: ScenarioShape = { ...s, expect: [...s.expect, { atEnd: true, line: 0, kind: 'no-violations' }] };
  const rel = `sweep-failures/${name}.yaml`;
  writeFileSync(join(ROOT, rel), scenarioToYaml(withCheck, comment));
  return rel;
}

/** A fresh seed per run, or FC_SEED when set; printed so a failing run can be repeated. */
export function suiteSeed(label: string): number {
  const env = process.env['FC_SEED'];
  const seed = env !== undefined && /^-?\d+$/.test(env) ? Number(env) : Math.floor(Math.random() * 2 ** 31);
  console.log(`${label}: seed ${seed} (repeat with FC_SEED=${seed})`);
  return seed;
}
