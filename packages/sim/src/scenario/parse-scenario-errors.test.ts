// Invalid scenarios: each class of mistake gives the right path, line, column and message, several
// mistakes are reported together, and misspellings get a suggestion. Expected issues are compared as
// formatted lines ("file:line:column: path: message"), which pins all four at once.
import { describe, expect, it } from 'vitest';
import { ISSUES_MAX, parseScenario } from './parse-scenario.ts';
import { formatIssue, type ScenarioIssue } from './scenario-issues.ts';

/** A valid head: three servers and one client; test bodies start on line 5. */
const HEAD = 'version: 1\nuntil: 60s\ncluster: { servers: 3 }\nclients: [{ id: c1 }]\n';

function issuesOf(text: string): ScenarioIssue[] {
  const r = parseScenario(text, 'x.yaml');
  if (r.ok) throw new Error('expected issues, but the scenario is valid');
  return [...r.issues];
}

function linesOf(text: string): string[] {
  return issuesOf(text).map(formatIssue);
}

describe('parseScenario: issues', () => {
  it('formats an issue as file:line:column: path: message (did you mean …)', () => {
    const [issue] = issuesOf(`${HEAD}timeline:\n  - { at: 1s, create: { client: c1, path: /lock, mode: ephemral } }\n`);
    expect(issue).toEqual({
      file: 'x.yaml', line: 6, column: 56, path: 'timeline[0].create.mode', message: "unknown mode 'ephemral'", suggestion: 'ephemeral',
    });
    expect(formatIssue(issue as ScenarioIssue)).toBe("x.yaml:6:56: timeline[0].create.mode: unknown mode 'ephemral' (did you mean 'ephemeral'?)");
  });

  it('suggests the closest allowed key for a misspelt one', () => {
    const text = 'version: 1\nuntil: 60s\ncluster:\n  servers: 3\n  tickTme: 2000\nclientz: []\ntimeline:\n'
      + '  - { at: 1s, crsh: s1 }\n  - { at: 1s, create: { client: c1, path: /a, mdoe: ephemeral } }\n';
    const byPath = new Map(issuesOf(text).map((i) => [i.path, i]));
    expect(byPath.get('cluster.tickTme')).toMatchObject({ line: 5, column: 3, message: "unknown key 'tickTme'", suggestion: 'tickTime' });
    expect(byPath.get('clientz')).toMatchObject({ line: 6, column: 1, suggestion: 'clients' });
    expect(byPath.get('timeline[0].crsh')).toMatchObject({ line: 8, suggestion: 'crash' });
    expect(byPath.get('timeline[1].create.mdoe')).toMatchObject({ line: 9, suggestion: 'mode' });
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(linesOf(`${HEAD}network: { datagram: { drop: 0.1, zzz: 0.1 } }\n`)).toEqual([
      "x.yaml:5:35: network.datagram.zzz: unknown key 'zzz' (allowed: drop, duplicate)",
    ]);
  });

  it('reports several issues at once, sorted by position', () => {
    const text = 'version: 1\nuntil: 0\ncluster:\n  servers: 0\n  tickTme: 2000\nclients:\n  - id: c1\n  - id: c1\n'
      + 'timeline:\n  - { at: 1s, create: { client: c1, path: /lock, mode: ephemral } }\n  - { at: -1s, crash: c1 }\n'
      + '  - { at: 2s, heal: p9 }\n  - { at: 2s, crash: c1, close: c1 }\n'
      + 'expect:\n  - { result: { id: nope, code: okk } }\n  - { client-events: { client: c1, events: [syncconnected] } }\n';
    expect(linesOf(text)).toEqual([
      'x.yaml:2:8: until: must be greater than 0, got 0',
      'x.yaml:4:12: cluster.servers: must be an integer from 1 to 255, got 0',
      "x.yaml:5:3: cluster.tickTme: unknown key 'tickTme' (did you mean 'tickTime'?)",
      "x.yaml:8:9: clients[1].id: duplicate client id 'c1' (first declared on line 7)",
      "x.yaml:10:56: timeline[0].create.mode: unknown mode 'ephemral' (did you mean 'ephemeral'?)",
      "x.yaml:11:11: timeline[1].at: must not be negative, got '-1s'",
      "x.yaml:12:21: timeline[2].heal: heal at 2000 ms of partition 'p9', which is not declared before it: no partition has that name",
      "x.yaml:13:5: timeline[3]: a step has exactly one action, found 'crash' and 'close'; split it into two steps",
      "x.yaml:15:21: expect[0].result.id: no timeline step has op id 'nope' (no step declares an id)",
      "x.yaml:15:33: expect[0].result.code: unknown result code 'okk' (did you mean 'ok'?)",
      "x.yaml:16:45: expect[1].client-events.events[0]: unknown client event 'syncconnected' (did you mean 'SyncConnected'?)",
    ]);
  });

  it('rejects wrong types', () => {
    expect(linesOf('version: 1\nuntil: 60s\ncluster:\n  servers: three\n  tickTime: [1]\n  initLimit: 1.5\n')).toEqual([
      "x.yaml:4:12: cluster.servers: must be an integer from 1 to 255, got 'three'",
      'x.yaml:5:13: cluster.tickTime: must be a duration like 500ms, 30s, 2m or 1h (a plain number is milliseconds), got a list',
      'x.yaml:6:14: cluster.initLimit: must be an integer ≥ 1, got 1.5',
    ]);
    expect(linesOf(`${HEAD}timeline:\n  - { at: 1s, create: { client: c1, path: /a, data: 123 } }\n`)).toEqual([
      'x.yaml:6:53: timeline[0].create.data: must be text, got 123 (quote it to make it text)',
    ]);
  });

  it('requires until, greater than 0', () => {
    expect(linesOf('version: 1\ncluster: { servers: 1 }\n')).toEqual(['x.yaml:1:1: until: is required']);
    expect(linesOf('version: 1\nuntil:\ncluster: { servers: 1 }\n')).toEqual(['x.yaml:2:1: until: needs a value']);
    expect(linesOf('version: 1\nuntil: 0s\ncluster: { servers: 1 }\n')).toEqual(["x.yaml:2:8: until: must be greater than 0, got '0s'"]);
  });

  it('rejects probabilities outside [0, 1] and bad drifts', () => {
    expect(linesOf(`${HEAD}network:\n  loss: 1.5\n  datagram: { drop: -0.1 }\n`)).toEqual([
      'x.yaml:6:9: network.loss: must be a probability from 0 to 1, got 1.5',
      'x.yaml:7:21: network.datagram.drop: must be a probability from 0 to 1, got -0.1',
    ]);
    expect(linesOf(`${HEAD}clocks:\n  s1: { drift: 1.5 }\n  s2: { drift: "2.5ppm" }\n  s3: { drift: 1000000 }\n`)).toEqual([
      'x.yaml:6:16: clocks.s1.drift: must be an integer number of ppm above -1000000 and below 1000000, got 1.5',
      "x.yaml:7:16: clocks.s2.drift: '2.5ppm' is not a drift like 200ppm or -50ppm (integer parts per million)",
      'x.yaml:8:16: clocks.s3.drift: must be an integer number of ppm above -1000000 and below 1000000, got 1000000',
    ]);
  });

  it('rejects unknown servers and clients, and names of the wrong kind', () => {
    const text = `${HEAD}clocks: { s9: {} }\ntimeline:\n  - { at: 1s, crash: s4 }\n  - { at: 1s, create: { client: c2, path: /a } }\n`
      + '  - { at: 1s, close: s1 }\n  - { at: 1s, restart: c1 }\n  - { at: 1s, create: { client: s1, path: a } }\n';
    expect(linesOf(text)).toEqual([
      "x.yaml:5:11: clocks.s9: unknown node 's9' (known: s1..s3, c1)",
      "x.yaml:7:22: timeline[0].crash: unknown node 's4' (known: s1..s3, c1)",
      "x.yaml:8:33: timeline[1].create.client: unknown client 'c2' (known: c1) (did you mean 'c1'?)",
      "x.yaml:9:22: timeline[2].close: 's1' is a server: close ends a client session; use crash to stop a server",
      "x.yaml:10:24: timeline[3].restart: 'c1' is a client: restart applies to servers; start a client with start",
      "x.yaml:11:33: timeline[4].create.client: 's1' is a server; a client is needed here",
      'x.yaml:11:43: timeline[4].create.path: path "a" must start with /',
    ]);
  });

  it('checks client ids and connect strings', () => {
    const text = 'version: 1\nuntil: 60s\ncluster: { servers: 3 }\nclients:\n'
      + '  - { id: c1, connect: "s1,s4/app/" }\n  - { id: s2 }\n  - { id: c1 }\n  - { id: 9x }\n';
    expect(linesOf(text)).toEqual([
      'x.yaml:5:24: clients[0].connect: bad chroot: path "/app/" must not end with /',
      "x.yaml:5:24: clients[0].connect: unknown server 's4' (known: s1..s3)",
      "x.yaml:6:11: clients[1].id: client id 's2' looks like a server name (s<number>); choose another, such as c1",
      "x.yaml:7:11: clients[2].id: duplicate client id 'c1' (first declared on line 5)",
      "x.yaml:8:11: clients[3].id: '9x' is not a valid client id: start with a letter, then letters, digits, '_', '-' or '.' (at most 64)",
    ]);
  });

  it('rejects steps, checks and client starts after until', () => {
    const text = 'version: 1\nuntil: 60s\ncluster: { servers: 3 }\nclients: [{ id: c1, start: 61s }]\n'
      + 'timeline:\n  - { at: 61s, crash: s1 }\n  - { at: 60s, crash: s2 }\nexpect:\n  - { at: 2m, leader: none }\n';
    expect(linesOf(text)).toEqual([
      'x.yaml:4:28: clients[0].start: start at 61000 ms is after until (60000 ms)',
      'x.yaml:6:11: timeline[0].at: step at 61000 ms is after until (60000 ms)',
      'x.yaml:9:11: expect[0].at: check at 120000 ms is after until (60000 ms)',
    ]);
  });

  it('checks op ids: unique in the timeline, and known to result checks', () => {
    const text = `${HEAD}timeline:\n  - { at: 1s, create: { client: c1, path: /a, id: mk } }\n`
      + '  - { at: 2s, delete: { client: c1, path: /a, id: mk } }\nexpect:\n  - { result: { id: mkk, code: ok } }\n';
    expect(linesOf(text)).toEqual([
      "x.yaml:7:51: timeline[1].delete.id: duplicate op id 'mk' (first used on line 6)",
      "x.yaml:9:21: expect[0].result.id: no timeline step has op id 'mkk' (ids: mk) (did you mean 'mk'?)",
    ]);
  });

  it('checks partitions: known nodes, one group per node, oneWay with two groups, reserved names', () => {
    const text = `${HEAD}timeline:\n  - { at: 1s, partition: { groups: [[s1, s7], [s2, s1]], oneWay: true, only: servers } }\n`
      + '  - { at: 2s, partition: { groups: [[s1], [s2], [s3]], oneWay: true } }\n'
      + '  - { at: 3s, partition: { name: all, groups: [[c1]], only: servers } }\n';
    expect(linesOf(text)).toEqual([
      "x.yaml:6:42: timeline[0].partition.groups[0][1]: unknown node 's7' (known: s1..s3, c1)",
      "x.yaml:6:52: timeline[0].partition.groups[1][1]: 's1' is already in timeline[0].partition.groups[0]; a node belongs to one group",
      'x.yaml:7:36: timeline[1].partition.groups: oneWay needs exactly two groups (from the first to the second), got 3',
      "x.yaml:8:34: timeline[2].partition.name: 'all' is reserved (heal: all heals every partition)",
      "x.yaml:8:49: timeline[2].partition.groups[0][0]: 'c1' is a client, but only: servers cuts server-server links only",
    ]);
  });

  it('rejects a heal of a partition not declared before it (in time order)', () => {
    const text = `${HEAD}timeline:\n  - { at: 5s, heal: later }\n  - { at: 6s, partition: { name: later, groups: [[s1]] } }\n`
      + '  - { at: 7s, heal: latr }\n  - { at: 6s, heal: later }\n  - { at: 8s, partition: { name: later, groups: [[s2]] } }\n';
    expect(linesOf(text)).toEqual([
      "x.yaml:6:21: timeline[0].heal: heal at 5000 ms of partition 'later', which is not declared before it: it is declared on line 7, which runs later",
      "x.yaml:8:21: timeline[2].heal: heal at 7000 ms of partition 'latr', which is not declared before it: no partition has that name (did you mean 'later'?)",
      "x.yaml:10:34: timeline[4].partition.name: partition name 'later' is already used on line 7",
    ]);
  });

  it('requires exactly one action per step and one check per expectation', () => {
    const text = `${HEAD}timeline:\n  - { at: 1s }\n  - { crash: s1 }\n  - { at: 1s, crash: s1, restart: s1 }\n`
      + 'expect:\n  - {}\n  - { same-session: c1, leader: none }\n';
    const lines = linesOf(text);
    expect(lines[0]).toMatch(/^x\.yaml:6:5: timeline\[0\]: a step needs one action: create, delete, set-data, /);
    expect(lines.slice(1)).toEqual([
      'x.yaml:7:5: timeline[1].at: is required',
      "x.yaml:8:5: timeline[2]: a step has exactly one action, found 'crash' and 'restart'; split it into two steps",
      'x.yaml:10:5: expect[0]: a check needs one of: leader, session-at-leader, client-state, znode, client-events, result, same-session, no-violations, violation',
      "x.yaml:11:5: expect[1]: a check has exactly one kind, found 'same-session' and 'leader'",
    ]);
  });

  it('rejects bad durations', () => {
    const text = `${HEAD}timeline:\n  - { at: 1.5, crash: s1 }\n  - { at: 0.5ms, crash: s1 }\n  - { at: "10", crash: s1 }\n`
      + '  - { at: 1d, crash: s1 }\n  - { at: -1h, crash: s1 }\n  - { at: 1s, wall-jump: { node: s1, by: 1x } }\n';
    expect(linesOf(text)).toEqual([
      'x.yaml:6:11: timeline[0].at: must be a whole number of milliseconds, got 1.5 (1.5 ms)',
      "x.yaml:7:11: timeline[1].at: must be a whole number of milliseconds, got '0.5ms' (0.5 ms)",
      "x.yaml:8:11: timeline[2].at: '10' is not a duration like 500ms, 30s, 2m or 1h (add a unit: '10ms')",
      "x.yaml:9:11: timeline[3].at: unknown unit 'd' in '1d' (use ms, s, m or h)",
      "x.yaml:10:11: timeline[4].at: must not be negative, got '-1h'",
      "x.yaml:11:42: timeline[5].wall-jump.by: unknown unit 'x' in '1x' (use ms, s, m or h)",
    ]);
  });

  it('checks the cluster: session timeout bounds, quorum groups and weights', () => {
    expect(linesOf('version: 1\nuntil: 60s\ncluster: { servers: 3, minSessionTimeout: 50s }\n')).toEqual([
      'x.yaml:3:43: cluster.minSessionTimeout: the minimum session timeout (50000 ms) is larger than the maximum (40000 ms)',
    ]);
    expect(linesOf('version: 1\nuntil: 60s\ncluster: { servers: 3, groups: [[s1, s2], [s2]], weights: { s4: 1, s1: -1 } }\n')).toEqual([
      'x.yaml:3:32: cluster.groups: every server must be in a group; missing: s3',
      "x.yaml:3:44: cluster.groups[1][0]: server 's2' is already in cluster.groups[0]; a server belongs to one group",
      "x.yaml:3:61: cluster.weights.s4: unknown server 's4' (known: s1..s3)",
      'x.yaml:3:72: cluster.weights.s1: must be an integer ≥ 0, got -1',
    ]);
    expect(linesOf('version: 1\nuntil: 60s\ncluster: { servers: 3, weights: { s1: 2 } }\n')).toEqual([
      'x.yaml:3:33: cluster.weights: weights only apply with groups (a hierarchical quorum)',
    ]);
  });

  it('checks links and latency distributions', () => {
    const text = `${HEAD}network:\n  latency: { uniform: [2ms, 1ms] }\n  links:\n    - { between: [s1, s1], latency: 1ms }\n`
      + '    - { from: s1, loss: 0 }\n    - { from: s1, to: s2 }\n    - { between: [c1, c1], loss: 0 }\n'
      + '    - { between: [s1, s2], latency: { lognormal: { median: 1ms, sigma: -1 } } }\n'
      + '    - { between: [s1, s3], latency: { constant: 1ms, uniform: [1, 2] } }\n';
    expect(linesOf(text)).toEqual([
      'x.yaml:6:23: network.latency.uniform: max (1 ms) must not be below min (2 ms)',
      "x.yaml:8:18: network.links[0].between: a link joins two different nodes, got 's1' twice",
      "x.yaml:9:15: network.links[1].from: 'from' needs a 'to'",
      'x.yaml:10:7: network.links[2]: a link must set latency, loss or datagram',
      "x.yaml:11:18: network.links[3].between: a link joins two different nodes, got 'c1' twice",
      'x.yaml:12:72: network.links[4].latency.lognormal.sigma: must be a number ≥ 0, got -1',
      'x.yaml:13:37: network.links[5].latency: a latency needs exactly one of constant, uniform, exponential, lognormal (found constant, uniform)',
    ]);
  });

  it('checks expectation values', () => {
    const text = `${HEAD}expect:\n  - { client-state: { client: c1, state: connected } }\n`
      + '  - { session-at-leader: { client: c1, state: dead } }\n  - { leader: s9 }\n  - { no-violations: false }\n'
      + '  - { znode: { path: /a/, on: [] } }\n';
    expect(linesOf(text)).toEqual([
      "x.yaml:6:42: expect[0].client-state.state: unknown client state 'connected' (did you mean 'CONNECTED'?)",
      "x.yaml:7:47: expect[1].session-at-leader.state: unknown session state 'dead' (one of: alive, closing, gone)",
      "x.yaml:8:15: expect[2].leader: unknown server 's9' (known: s1..s3)",
      'x.yaml:9:22: expect[3].no-violations: only no-violations: true is meaningful; remove the check instead',
      'x.yaml:10:22: expect[4].znode.path: path "/a/" must not end with /',
      'x.yaml:10:31: expect[4].znode.on: needs at least one server (leave it out for all servers)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(linesOf('version: 1\nuntil: 60s\ncluster: { servers: 3\nclients: []\n')).toEqual([
      'x.yaml:4:1: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
    expect(linesOf('version: 1\nversion: 1\nuntil: 60s\ncluster: { servers: 1 }\n')).toEqual(['x.yaml:2:1: YAML syntax: Map keys must be unique']);
    expect(linesOf('{ "version": 1,\n  "until": "60s" ]\n')[0]).toMatch(/^x\.yaml:2:\d+: YAML syntax: /);
  });

  it('rejects an empty file, a non-mapping, another version and aliases', () => {
    expect(linesOf('')).toEqual(['x.yaml:1:1: the file is empty; a scenario needs at least version, until and cluster']);
    expect(linesOf('- 1\n- 2\n')).toEqual(['x.yaml:1:1: must be a mapping with version, until, cluster, …, got a list']);
    expect(linesOf('version: 2\nuntil: 60s\ncluster: { servers: 1 }\n')).toEqual(['x.yaml:1:10: version: unsupported version 2; this build reads version 1']);
    expect(linesOf('version: 1\nuntil: &u 60s\ncluster: { servers: 1, tickTime: *u }\n')).toEqual([
      'x.yaml:3:34: cluster.tickTime: aliases (*name) are not supported here; write the value out',
    ]);
  });

  it('caps the number of issues and says how many more there were', () => {
    const steps = Array.from({ length: ISSUES_MAX + 50 }, () => '  - { at: 1s, crash: nobody }').join('\n');
    const issues = issuesOf(`${HEAD}timeline:\n${steps}\n`);
    expect(issues).toHaveLength(ISSUES_MAX);
    expect(issues.at(-1)?.message).toBe('… and 51 more issues');
  });
});
