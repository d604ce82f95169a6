// Valid scenarios: a file using every section, action and check parses to a normalised object written
// out by hand from the format's rules (defaults, units, sorting), a minimal file gets every default, and
// the same scenario written as JSON gives the same result.
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.ts';
import { formatIssue } from './scenario-issues.ts';
import type { Scenario } from './scenario-types.ts';

/** Every section, action and check once (line numbers matter: they appear in the expected object). */
const FULL_SCENARIO = `# yaml-language-server: $schema=./scenario.schema.json
version: 1
description: >
  One paragraph a learner can follow.
seed: 42
until: 60s
cluster:
  servers: 3
  tickTime: 2000
  initLimit: 10
  syncLimit: 5
  minSessionTimeout: 4s
  maxSessionTimeout: 40s
  commitLogCount: 500
  groups: [[s1, s2], [s3]]
  weights: { s3: 2 }
clocks:
  s1: { drift: 200ppm, monotonicOrigin: 0, wallOrigin: "2024-01-01T00:00:00Z" }
  c1: { drift: -50, monotonicOrigin: 5s, wallOrigin: 1000 }
network:
  latency: { uniform: [0.2ms, 1ms] }
  loss: 0
  datagram: { drop: 0.1, duplicate: 0.05 }
  links:
    - { between: [s1, s2], latency: 5ms }
    - { from: c1, to: s1, loss: 0.01, datagram: { drop: 0.5 } }
    - { from: s3, to: s1, latency: { exponential: { mean: 2ms, floor: 0.5ms } } }
    - { from: s2, to: s3, latency: { lognormal: { median: 1ms, sigma: 0.5, floor: 0.2ms } } }
clients:
  - id: c1
    connect: s1,s2,s3/app
    timeout: 6s
    version: "3.9"
    start: 0s
  - { id: c2, connect: s2, version: 3.8, start: never }
timeline:
  - { at: 1s, create: { client: c1, path: /lock, data: "", mode: ephemeral, id: lock1 } }
  - { at: 2s, delete: { client: c1, path: /a, version: -1, id: d1 } }
  - { at: 2s, set-data: { client: c1, path: /a, data: x, version: 3 } }
  - { at: 2s, get-data: { client: c1, path: /a, watch: true } }
  - { at: 2s, get-children: { client: c1, path: / } }
  - { at: 2s, sync: { client: c1 } }
  - { at: 3s, start: c2 }
  - { at: 5s, silent: c1 }
  - { at: 7s, resume: c1 }
  - { at: 8s, crash: c1 }
  - { at: 9s, close: c2 }
  - { at: 9s, restart: s1 }
  - { at: 9s, freeze: s2 }
  - { at: 9.5s, resume: s2 }
  - { at: 10s, partition: { name: p1, groups: [[s1, c1], [s2, s3]], oneWay: false, only: all } }
  - { at: 11s, partition: { groups: [[s1], [s2]], oneWay: true, only: servers } }
  - { at: 20s, heal: p1 }
  - { at: 20s, heal: all }
  - { at: 20s, hold: { from: s1, to: s2 } }
  - { at: 21s, release: { between: [s1, s2] } }
  - { at: 22s, latency: { between: [s1, s2], value: 50ms } }
  - { at: 22s, latency: { value: { constant: 2ms } } }
  - { at: 23s, drift: { node: s1, ppm: 500 } }
  - { at: 24s, wall-jump: { node: s1, by: -1h } }
  - { at: 1.5s, exists: { client: c1, path: /b } }
  - { at: 25s, crash: s3 }
expect:
  - { at: 20s, leader: s3 }
  - { leader: none }
  - { session-at-leader: { client: c1, state: gone } }
  - { client-state: { client: c1, state: CLOSED } }
  - { znode: { path: /lock, present: false, on: [s1, s2] } }
  - { znode: { path: /app } }
  - { client-events: { client: c1, events: [SyncConnected, Disconnected, Expired], exact: true } }
  - { result: { id: lock1, code: ok } }
  - { same-session: c1 }
  - { at: 1m, no-violations: true }
bugs: [follower-expires-sessions]
`;

const C1_CLOCK = { driftPpm: -50, monotonicOriginMs: 5000, wallOriginMs: 1000 };

/** FULL_SCENARIO normalised by hand. */
const FULL_EXPECTED: Scenario = {
  version: 1,
  description: 'One paragraph a learner can follow.',
  seed: 42,
  untilMs: 60_000,
  cluster: {
    servers: 3, tickTimeMs: 2000, initLimit: 10, syncLimit: 5, minSessionTimeoutMs: 4000, maxSessionTimeoutMs: 40_000,
    commitLogCount: 500, groups: [['s1', 's2'], ['s3']], weights: { s1: 1, s2: 1, s3: 2 },
  },
  clocks: { s1: { driftPpm: 200, monotonicOriginMs: 0, wallOriginMs: 1_704_067_200_000 }, c1: C1_CLOCK },
  network: {
    latency: { type: 'uniform', floorMs: 0.2, spreadMs: 0.8 },
    links: [
      { from: 's1', to: 's2', bothWays: true, latency: { type: 'constant', ms: 5 } },
      { from: 'c1', to: 's1', bothWays: false, loss: 0.01, datagram: { drop: 0.5, duplicate: 0 } },
      { from: 's3', to: 's1', bothWays: false, latency: { type: 'exponential', floorMs: 0.5, meanMs: 2 } },
      { from: 's2', to: 's3', bothWays: false, latency: { type: 'lognormal', floorMs: 0.2, medianMs: 1, sigma: 0.5 } },
    ],
    loss: 0,
    datagram: { drop: 0.1, duplicate: 0.05 },
  },
  clients: [
    { id: 'c1', connect: 's1,s2,s3/app', timeoutMs: 6000, version: '3.9', startMs: 0, clock: C1_CLOCK },
    { id: 'c2', connect: 's2', timeoutMs: 30_000, version: '3.8', startMs: null },
  ],
  timeline: [
    { atMs: 1000, line: 37, do: 'create', client: 'c1', path: '/lock', data: '', mode: 'ephemeral', id: 'lock1' },
    { atMs: 1500, line: 61, do: 'exists', client: 'c1', path: '/b', watch: false },
    { atMs: 2000, line: 38, do: 'delete', client: 'c1', path: '/a', version: -1, id: 'd1' },
    { atMs: 2000, line: 39, do: 'set-data', client: 'c1', path: '/a', data: 'x', version: 3 },
    { atMs: 2000, line: 40, do: 'get-data', client: 'c1', path: '/a', watch: true },
    { atMs: 2000, line: 41, do: 'get-children', client: 'c1', path: '/', watch: false },
    { atMs: 2000, line: 42, do: 'sync', client: 'c1', path: '/' },
    { atMs: 3000, line: 43, do: 'client-start', client: 'c2' },
    { atMs: 5000, line: 44, do: 'client-silent', client: 'c1' },
    { atMs: 7000, line: 45, do: 'client-resume', client: 'c1' },
    { atMs: 8000, line: 46, do: 'client-crash', client: 'c1' },
    { atMs: 9000, line: 47, do: 'client-close', client: 'c2' },
    { atMs: 9000, line: 48, do: 'server-restart', server: 's1' },
    { atMs: 9000, line: 49, do: 'server-freeze', server: 's2' },
    { atMs: 9500, line: 50, do: 'server-resume', server: 's2' },
    { atMs: 10_000, line: 51, do: 'partition', name: 'p1', groups: [['s1', 'c1'], ['s2', 's3']], direction: 'both', scope: 'all' },
    { atMs: 11_000, line: 52, do: 'partition', name: 'p15', groups: [['s1'], ['s2']], direction: 'a-to-b', scope: 'server-server' },
    { atMs: 20_000, line: 53, do: 'heal', name: 'p1' },
    { atMs: 20_000, line: 54, do: 'heal', name: null },
    { atMs: 20_000, line: 55, do: 'hold', from: 's1', to: 's2', bothWays: false },
    { atMs: 21_000, line: 56, do: 'release', from: 's1', to: 's2', bothWays: true },
    { atMs: 22_000, line: 57, do: 'latency', from: 's1', to: 's2', bothWays: true, latency: { type: 'constant', ms: 50 } },
    { atMs: 22_000, line: 58, do: 'latency', from: null, to: null, bothWays: true, latency: { type: 'constant', ms: 2 } },
    { atMs: 23_000, line: 59, do: 'drift', node: 's1', ppm: 500 },
    { atMs: 24_000, line: 60, do: 'wall-jump', node: 's1', deltaMs: -3_600_000 },
    { atMs: 25_000, line: 62, do: 'server-crash', server: 's3' },
  ],
  expect: [
    { atMs: 20_000, line: 64, kind: 'leader', server: 's3' },
    { atEnd: true, line: 65, kind: 'leader', server: null },
    { atEnd: true, line: 66, kind: 'session-at-leader', client: 'c1', state: 'gone' },
    { atEnd: true, line: 67, kind: 'client-state', client: 'c1', state: 'CLOSED' },
    { atEnd: true, line: 68, kind: 'znode', path: '/lock', present: false, servers: ['s1', 's2'] },
    { atEnd: true, line: 69, kind: 'znode', path: '/app', present: true, servers: null },
    { atEnd: true, line: 70, kind: 'client-events', client: 'c1', events: ['SyncConnected', 'Disconnected', 'Expired'], exact: true },
    { atEnd: true, line: 71, kind: 'result', id: 'lock1', code: 'ok' },
    { atEnd: true, line: 72, kind: 'same-session', client: 'c1' },
    { atMs: 60_000, line: 73, kind: 'no-violations' },
  ],
  bugs: ['follower-expires-sessions'],
};

function parseOk(text: string, file = 'scenarios/test.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(`expected a valid scenario:\n${r.issues.map(formatIssue).join('\n')}`);
  return r.scenario;
}

describe('parseScenario: valid files', () => {
  it('normalises a file that uses every section, action and check', () => {
    expect(parseOk(FULL_SCENARIO)).toEqual(FULL_EXPECTED);
  });

  it('sorts steps by time and keeps file order for equal times', () => {
    const s = parseOk(FULL_SCENARIO);
    const times = s.timeline.map((t) => t.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(s.timeline.filter((t) => t.atMs === 2000).map((t) => t.line)).toEqual([38, 39, 40, 41, 42]);
  });

  it('fills every default for a minimal file', () => {
    const s = parseOk('version: 1\nuntil: 10s\ncluster: { servers: 1 }\n');
    expect(s).toEqual({
      version: 1, description: '', seed: 1, untilMs: 10_000,
      cluster: { servers: 1, tickTimeMs: 2000, initLimit: 10, syncLimit: 5, minSessionTimeoutMs: -1, maxSessionTimeoutMs: -1, commitLogCount: 500 },
      clocks: {}, network: { latency: { type: 'constant', ms: 1 }, links: [], loss: 0, datagram: null },
      clients: [], timeline: [], expect: [], bugs: [],
    } satisfies Scenario);
  });

  it('defaults a client to every server, a 30 s timeout, version 3.9, start 0', () => {
    const s = parseOk('version: 1\nuntil: 10s\ncluster: { servers: 3 }\nclients: [{ id: c1 }]\n');
    expect(s.clients).toEqual([{ id: 'c1', connect: 's1,s2,s3', timeoutMs: 30_000, version: '3.9', startMs: 0 }]);
  });

  it('treats empty optional sections as absent', () => {
    const s = parseOk('version: 1\nuntil: 10s\ncluster: { servers: 1 }\nclients:\ntimeline:\nexpect:\nbugs:\n');
    expect([s.clients, s.timeline, s.expect, s.bugs]).toEqual([[], [], [], []]);
  });

  it('reads durations with units, exactly', () => {
    const s = parseOk('version: 1\nuntil: 2m\ncluster: { servers: 1, tickTime: 1.5s, minSessionTimeout: 1.1s, maxSessionTimeout: 1h }\n'
      + 'timeline: [{ at: 0.001s, wall-jump: { node: s1, by: -1h } }, { at: 500ms, wall-jump: { node: s1, by: +90s } }, { at: 250, wall-jump: { node: s1, by: -5 } }]\n');
    expect(s.untilMs).toBe(120_000);
    expect([s.cluster.tickTimeMs, s.cluster.minSessionTimeoutMs, s.cluster.maxSessionTimeoutMs]).toEqual([1500, 1100, 3_600_000]);
    expect(s.timeline.map((t) => [t.atMs, t.do === 'wall-jump' ? t.deltaMs : 0])).toEqual([[1, -3_600_000], [250, -5], [500, 90_000]]);
  });

  it('accepts a session timeout outside [min, max] (the servers clamp it)', () => {
    const s = parseOk('version: 1\nuntil: 10s\ncluster: { servers: 1 }\nclients: [{ id: c1, timeout: 1h }, { id: c2, timeout: 1ms }]\n');
    expect(s.clients.map((c) => c.timeoutMs)).toEqual([3_600_000, 1]);
  });

  it('accepts string seeds, a chroot and a sequential create path ending in /', () => {
    const s = parseOk('version: 1\nseed: "abc"\nuntil: 10s\ncluster: { servers: 2 }\nclients: [{ id: c1, connect: "s2,s1/app/a" }]\n'
      + 'timeline: [{ at: 1s, create: { client: c1, path: /q/, mode: persistent-sequential } }]\n');
    expect(s.seed).toBe('abc');
    expect(s.timeline[0]).toMatchObject({ do: 'create', path: '/q/', mode: 'persistent-sequential' });
  });

  it('maps freeze of a client to client-silent and silent of a server to server-freeze', () => {
    const s = parseOk('version: 1\nuntil: 10s\ncluster: { servers: 1 }\nclients: [{ id: c1 }]\n'
      + 'timeline: [{ at: 1s, freeze: c1 }, { at: 2s, silent: s1 }]\n');
    expect(s.timeline.map((t) => t.do)).toEqual(['client-silent', 'server-freeze']);
  });

  it('reads the same scenario written as JSON', () => {
    const json = JSON.stringify({
      $schema: './scenario.schema.json',
      version: 1,
      until: '60s',
      cluster: { servers: 3 },
      clients: [{ id: 'c1', connect: 's1,s2,s3', timeout: 6000 }],
      timeline: [{ at: '1s', create: { client: 'c1', path: '/lock', mode: 'ephemeral', id: 'lock1' } }],
      expect: [{ result: { id: 'lock1', code: 'ok' } }],
    }, null, 2);
    const s = parseOk(json, 'scenarios/test.json');
    expect(s.clients[0]).toEqual({ id: 'c1', connect: 's1,s2,s3', timeoutMs: 6000, version: '3.9', startMs: 0 });
    expect(s.timeline).toEqual([{ atMs: 1000, line: 16, do: 'create', client: 'c1', path: '/lock', data: '', mode: 'ephemeral', id: 'lock1' }]);
    expect(s.expect).toEqual([{ atEnd: true, line: 27, kind: 'result', id: 'lock1', code: 'ok' }]);
  });

  it('parses the same text to the same object every time', () => {
    expect(parseOk(FULL_SCENARIO)).toEqual(parseOk(FULL_SCENARIO));
  });
});
