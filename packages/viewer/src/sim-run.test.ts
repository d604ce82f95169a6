// The viewer runs scenarios with the CLI's engine; these tests hold it to that: the same trace hash and
// expectation outcomes as `runScenario` for every scenario file, and a cursor that re-creates any
// position exactly, forward or backward.
import { ScenarioRunner, parseScenario, runScenario } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { FullRun, SimCursor, parseSpec, safetyViolations } from './sim-run.ts';
import { LEADER_EXPIRES, runSpec, scenarioNames, specOf } from './testing/fixtures.ts';
import { readViewModel } from './view-model.ts';

describe('FullRun', () => {
  for (const name of scenarioNames()) {
    it(`${name}: same trace hash and expectations as runScenario`, () => {
      const spec = specOf(name);
      const parsed = parseScenario(spec.text, spec.file);
      if (!parsed.ok) return; // scenario files are validated by the sim package's own tests
      let runner: ScenarioRunner | null = null;
      runner = new ScenarioRunner(parsed.scenario, { violations: () => safetyViolations(runner as ScenarioRunner) });
      const want = runner.run();
      const got = runSpec(spec);
      expect(got.traceHash).toBe(want.traceHash);
      expect(got.events).toBe(want.events);
      expect(got.expectations.map((e) => [e.line, e.passed, e.actual])).toEqual(want.expectations.map((e) => [e.line, e.passed, e.actual]));
    });
  }

  it('honours seed and until overrides like the CLI flags', () => {
    const spec = { ...specOf(LEADER_EXPIRES), seed: 7, untilMs: 12_000 };
    const parsed = parseScenario(spec.text, spec.file);
    if (!parsed.ok) throw new Error('01 does not parse');
    const want = runScenario(parsed.scenario, { seed: 7, untilMs: 12_000 });
    const got = runSpec(spec);
    expect(got.traceHash).toBe(want.traceHash);
    expect(got.untilMs).toBe(12_000);
    expect(got.seed).toBe(7);
  });

  it('runs in slices with the same result as in one go', () => {
    const spec = specOf(LEADER_EXPIRES);
    const p = parseSpec(spec);
    if (!p.ok) throw new Error('01 does not parse');
    const sliced = new FullRun(spec, p.scenario);
    let d = sliced.advance(7);
    let slices = 1;
    while (d === null) {
      d = sliced.advance(7);
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
    expect(d.traceHash).toBe(runSpec(spec).traceHash);
  });
});

describe('SimCursor', () => {
  const run = runSpec(specOf(LEADER_EXPIRES));

  it('reaches any position forward and backward with the recorded records', () => {
    const c = new SimCursor(run);
    const G = run.index.groupCount;
    const targets = [G, 5, Math.floor(G / 2), Math.floor(G / 2) + 1, run.firstPosition, G - 1];
    for (const p of targets) {
      const r = c.seek(p);
      expect(c.position).toBe(p);
      expect(r.cluster.kernel.now).toBe(p === 0 ? 0 : run.index.timeOf(p - 1));
    }
    expect(c.rebuilds).toBeGreaterThanOrEqual(3);
  });

  it('gives the same view-model at a position reached forward or after stepping back', () => {
    const forward = new SimCursor(run);
    const backward = new SimCursor(run);
    const p = Math.floor(run.index.groupCount * 0.6);
    backward.seek(run.index.groupCount);
    expect(readViewModel(backward.seek(p), p)).toEqual(readViewModel(forward.seek(p), p));
  });
});
