// Regressions for election recovery bugs found while writing the bundled scenarios: a follower that
// reaches its leader before the leader leads (A), a server advertising a stale vote after deciding from
// FOLLOWING/LEADING votes (B), a LOOKING server ignoring a peer one round behind (C), and election channels
// that died silently behind a partition (D). Each is a small scenario whose expectations must hold.
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../src/index.ts';

function run(text: string): { passed: boolean; failures: string[] } {
  const parsed = parseScenario(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const result = runScenario(parsed.scenario);
  const failures = result.expectations.filter((e) => !e.passed).map((e) => `${e.description}: found ${e.actual}`);
  return { passed: failures.length === 0, failures };
}

describe('election recovery', () => {
  it('R66: followers of a slow-clocked leader retry until it leads, and a restarted peer rejoins (A, B)', () => {
    const r = run(`
version: 1
seed: 1
until: 45s
cluster: { servers: 3 }
clocks:
  s3: { drift: -20000ppm }
timeline:
  - { at: 30s, crash: s1 }
  - { at: 31s, restart: s1 }
expect:
  - { at: 5s, leader: s3 }
  - { at: 40s, leader: s3 }
`);
    expect(r.failures).toEqual([]);
  });

  it('R65: a LOOKING server answers a peer one round behind at once, so a restored quorum elects quickly (C)', () => {
    const r = run(`
version: 1
seed: 1
until: 40s
cluster: { servers: 3 }
timeline:
  - { at: 5s, crash: s2 }
  - { at: 5s, crash: s3 }
  - { at: 31s, restart: s3 }
expect:
  - { at: 33s, leader: s3 }
`);
    expect(r.failures).toEqual([]);
  });

  it('R65/R70: a server cut off from the others rejoins after the heal on fresh election channels (D)', () => {
    const r = run(`
version: 1
seed: 1
until: 70s
cluster: { servers: 3 }
clients:
  - { id: c1, connect: "s1", timeout: 10s, start: 50s }
timeline:
  - { at: 25s, partition: { name: p, groups: [[s1], [s2, s3]] } }
  - { at: 45s, heal: p }
expect:
  - { at: 60s, leader: s3 }
  - { at: 60s, client-state: { client: c1, state: CONNECTED } }
`);
    expect(r.failures).toEqual([]);
  });
});
