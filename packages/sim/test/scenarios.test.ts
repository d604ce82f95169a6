// Walks the bundled scenarios (scenarios/*.yaml): each file is parsed, run twice with its own seed, and must
// meet every expectation, end without a safety violation, give the same trace hash both times, and match the
// hash pinned in scenario-hashes.json. A pinned hash that changes means the simulator now behaves
// differently on that scenario (or the file changed: trace records carry timeline line numbers), so the
// failure asks for an explanation before re-pinning with UPDATE_HASHES=1.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckerSuite, checkerOptionsFor, formatViolation } from '@zksim/checkers';
import { formatIssue, parseScenario, runScenario, violationOf, type Scenario, type ScenarioResult } from '../src/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCENARIO_DIR = join(ROOT, 'scenarios');
const HASHES_FILE = join(import.meta.dirname, 'scenario-hashes.json');
const REPIN = 'UPDATE_HASHES=1 pnpm vitest run packages/sim/test/scenarios.test.ts';
const isUpdating = process.env['UPDATE_HASHES'] === '1';

const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort();
const pinned: Readonly<Record<string, string>> = existsSync(HASHES_FILE)
  ? (JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, string>)
  : {};
const observed = new Map<string, string>();

function load(file: string): Scenario {
  const r = parseScenario(readFileSync(join(SCENARIO_DIR, file), 'utf8'), `scenarios/${file}`);
  if (!r.ok) throw new Error(`scenarios/${file} does not parse:\n${r.issues.map(formatIssue).join('\n')}`);
  return r.scenario;
}

/**
 * Runs a scenario with every checker of @zksim/checkers following its trace, as `zksim run` does; returns the
 * result and the violations the scenario does not expect (`expect: - violation: NAME` marks expected ones).
 */
function runChecked(scenario: Scenario): { result: ScenarioResult; unexpected: string[] } {
  const suite = new CheckerSuite(checkerOptionsFor(scenario));
  const result = runScenario(scenario, { traceSink: suite, violations: () => suite.safetySoFar().map(formatViolation) });
  const report = suite.finish(result.untilMs);
  const all = [...report.safety, ...report.liveness].map(formatViolation);
  const expected = scenario.expect.flatMap((e) => (e.kind === 'violation' ? [e.checker] : []));
  return { result, unexpected: all.filter((v) => !expected.some((c) => violationOf(v, c))) };
}

function failedExpectations(file: string, result: ScenarioResult): string[] {
  return result.expectations
    .filter((e) => !e.passed)
    .map((e) => `scenarios/${file}:${e.line} ${e.atMs === null ? 'at end' : `at ${e.atMs} ms`}: ${e.description} — found: ${e.actual}`);
}

describe('bundled scenarios', () => {
  it('finds the bundled scenarios', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(`scenario ${name}: all expectations hold, same hash twice`, () => {
      const scenario = load(file);
      const { result: first, unexpected } = runChecked(scenario);
      const replay = `pnpm zksim run scenarios/${file} --seed ${String(first.seed)}`;
      expect(failedExpectations(file, first), `expectations failed (replay: ${replay})`).toEqual([]);
      expect(unexpected, `violations the scenario does not expect (replay: ${replay})`).toEqual([]);
      const second = runScenario(scenario);
      expect(second.traceHash, `the second run of scenarios/${file} diverged: the simulator is not deterministic (try: pnpm zksim check scenarios/${file})`).toBe(first.traceHash);
      observed.set(file, first.traceHash);
      if (isUpdating) return;
      const want = pinned[file];
      expect(
        first.traceHash,
        want === undefined
          ? `no hash is pinned for scenarios/${file}; run ${REPIN} to pin it`
          : `the trace hash of scenarios/${file} changed (pinned ${want}, now ${first.traceHash}): the run behaves differently. ` +
            `Find out why (pnpm zksim run scenarios/${file} --verbose) and explain the behaviour change, then run ${REPIN} to re-pin.`,
      ).toBe(want);
    });
  }

  it('pins no hash for a scenario that no longer exists', () => {
    const stale = Object.keys(pinned).filter((f) => !files.includes(f));
    if (isUpdating) return;
    expect(stale, `scenario-hashes.json pins files that are gone; run ${REPIN}`).toEqual([]);
  });

  afterAll(() => {
    if (!isUpdating || observed.size !== files.length) return;
    const sorted: Record<string, string> = {};
    for (const f of files) sorted[f] = observed.get(f) as string;
    writeFileSync(HASHES_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
  });
});
