// The scenario writer and the arbitraries against the real scenario reader: every generated scenario is a
// valid `Scenario` (the types are checked both ways at compile time), writing it as YAML and reading it back
// gives the same scenario, and the same seed always draws the same scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseScenario, type Scenario } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { PROFILES, drawForSeed, scenarioArb, scenarioToYaml, swarmScenarioArb, type ScenarioShape } from '../src/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A scenario without the `line` fields the reader adds. */
function withoutLines(s: ScenarioShape): unknown {
  return JSON.parse(JSON.stringify(s, (k, v: unknown) => (k === 'line' ? undefined : v)));
}

function reparse(s: ScenarioShape): Scenario {
  const text = scenarioToYaml(s);
  const r = parseScenario(text, 'written.yaml');
  if (!r.ok) throw new Error(`written scenario does not parse:\n${r.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n')}\n${text}`);
  return r.scenario;
}

describe('ScenarioShape', () => {
  it('is the same type as sim\'s Scenario, both ways', () => {
    const shape: ScenarioShape = drawForSeed(scenarioArb(), 1);
    const asScenario: Scenario = shape;
    const back: ScenarioShape = asScenario;
    expect(back).toBe(shape);
  });
});

describe('scenarioToYaml', () => {
  it('writes generated scenarios that read back identically', () => {
    fc.assert(fc.property(swarmScenarioArb(PROFILES['chaos']), (s) => {
      expect(withoutLines(reparse(s))).toEqual(withoutLines(s));
    }), { numRuns: 60 });
  });

  it('writes every bundled scenario so that it reads back identically', () => {
    const dir = join(ROOT, 'scenarios');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const r = parseScenario(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue; // a file another engineer is still writing; zksim validate reports it
      expect(withoutLines(reparse(r.scenario)), f).toEqual(withoutLines(r.scenario));
    }
  });

  it('covers every action, distribution and check kind', () => {
    const s: ScenarioShape = {
      version: 1, description: 'all kinds: "quoted", multi\nline', seed: 'text-seed', untilMs: 10_000,
      cluster: { servers: 3, tickTimeMs: 1000, initLimit: 5, syncLimit: 2, minSessionTimeoutMs: 2000, maxSessionTimeoutMs: 30_000, commitLogCount: 3, groups: [['s1', 's2'], ['s3']], weights: { s1: 1, s2: 1, s3: 0 } },
      clocks: { s1: { driftPpm: 200, monotonicOriginMs: 5000, wallOriginMs: 1_704_067_200_000 }, c1: { driftPpm: -5, monotonicOriginMs: 0 } },
      network: {
        latency: { type: 'lognormal', floorMs: 0.2, medianMs: 1, sigma: 0.5 },
        links: [{ from: 's1', to: 's2', bothWays: true, latency: { type: 'exponential', floorMs: 0.5, meanMs: 2 } }, { from: 'c1', to: 's1', bothWays: false, loss: 0.01, datagram: { drop: 0.1, duplicate: 0 } }],
        loss: 0.001, datagram: { drop: 0, duplicate: 0.05 },
      },
      clients: [
        { id: 'c1', connect: 's1,s2/app', timeoutMs: 6000, version: '3.8', startMs: 0, clock: { driftPpm: -5, monotonicOriginMs: 0 } },
        { id: 'late', connect: 's1,s2,s3', timeoutMs: 4000, version: '3.9', startMs: null },
      ],
      timeline: [
        { atMs: 1, line: 0, do: 'client-start', client: 'late' },
        { atMs: 10, line: 0, do: 'create', client: 'c1', path: '/q/', data: '', mode: 'persistent-sequential', id: 'seq' },
        { atMs: 20, line: 0, do: 'set-data', client: 'c1', path: '/a', data: '42', version: 3 },
        { atMs: 30, line: 0, do: 'delete', client: 'c1', path: '/a', version: -1, id: 'del' },
        { atMs: 40, line: 0, do: 'get-children', client: 'late', path: '/', watch: true },
        { atMs: 50, line: 0, do: 'sync', client: 'late', path: '/' },
        { atMs: 60, line: 0, do: 'partition', name: 'p1', groups: [['s1', 'c1'], ['s2', 's3']], direction: 'both', scope: 'all' },
        { atMs: 61, line: 0, do: 'partition', name: 'one', groups: [['s1'], ['s2']], direction: 'a-to-b', scope: 'server-server' },
        { atMs: 70, line: 0, do: 'heal', name: 'p1' },
        { atMs: 71, line: 0, do: 'heal', name: null },
        { atMs: 80, line: 0, do: 'hold', from: 'c1', to: 's1', bothWays: false },
        { atMs: 81, line: 0, do: 'release', from: 'c1', to: 's1', bothWays: true },
        { atMs: 90, line: 0, do: 'latency', from: null, to: null, bothWays: true, latency: { type: 'uniform', floorMs: 1, spreadMs: 4 } },
        { atMs: 91, line: 0, do: 'latency', from: 's2', to: 's3', bothWays: false, latency: { type: 'constant', ms: 0.5 } },
        { atMs: 100, line: 0, do: 'drift', node: 's2', ppm: -100 },
        { atMs: 110, line: 0, do: 'wall-jump', node: 's1', deltaMs: -3_600_000 },
        { atMs: 120, line: 0, do: 'server-freeze', server: 's2' },
        { atMs: 130, line: 0, do: 'server-resume', server: 's2' },
        { atMs: 140, line: 0, do: 'server-crash', server: 's3' },
        { atMs: 150, line: 0, do: 'server-restart', server: 's3' },
        { atMs: 160, line: 0, do: 'client-silent', client: 'c1' },
        { atMs: 170, line: 0, do: 'client-resume', client: 'c1' },
        { atMs: 180, line: 0, do: 'client-crash', client: 'late' },
        { atMs: 190, line: 0, do: 'client-close', client: 'c1' },
      ],
      expect: [
        { atMs: 100, line: 0, kind: 'leader', server: 's3' }, { atEnd: true, line: 0, kind: 'leader', server: null },
        { atEnd: true, line: 0, kind: 'session-at-leader', client: 'c1', state: 'gone' },
        { atEnd: true, line: 0, kind: 'client-state', client: 'c1', state: 'CLOSED' },
        { atMs: 50, line: 0, kind: 'znode', path: '/a', present: false, servers: ['s1'] },
        { atEnd: true, line: 0, kind: 'znode', path: '/a', present: true, servers: null },
        { atEnd: true, line: 0, kind: 'client-events', client: 'c1', events: ['SyncConnected', 'Closed'], exact: true },
        { atEnd: true, line: 0, kind: 'result', id: 'seq', code: 'ok' },
        { atEnd: true, line: 0, kind: 'same-session', client: 'c1' },
        { atEnd: true, line: 0, kind: 'no-violations' },
      ],
      bugs: ['follower-expires-sessions'],
    };
    expect(withoutLines(reparse(s))).toEqual(withoutLines(s));
  });
});

describe('arbitraries', () => {
  it('draw the same scenario for the same seed', () => {
    for (const seed of [0, 1, 987_654]) expect(drawForSeed(swarmScenarioArb(), seed)).toEqual(drawForSeed(swarmScenarioArb(), seed));
  });

  it('draw what fast-check samples for that seed', () => {
    expect(drawForSeed(scenarioArb(PROFILES['bench']), 5)).toEqual(fc.sample(scenarioArb(PROFILES['bench']), { seed: 5, numRuns: 1 })[0]);
  });

  it('keep faults inside the fault window (anchored ones: until halfway to the end) and client steps after the client starts', () => {
    const small = PROFILES['small'];
    const limit = small.faultToMs + (small.untilMs - small.faultToMs) / 2;
    fc.assert(fc.property(swarmScenarioArb(small), (s) => {
      const starts = new Map(s.clients.map((c) => [c.id, c.startMs ?? Infinity]));
      for (const step of s.timeline) {
        if ('server' in step || step.do === 'partition' || step.do === 'heal' || step.do === 'hold' || step.do === 'release') expect(step.atMs).toBeLessThanOrEqual(limit);
        if ('client' in step) expect(step.atMs).toBeGreaterThan(starts.get(step.client) ?? Infinity);
      }
    }), { numRuns: 100 });
  });
});
