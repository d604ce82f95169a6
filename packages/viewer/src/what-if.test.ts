// A what-if is the scenario text plus added timeline steps; the saved file must parse, keep every other
// line of the original, and run the added steps. Encoded actions survive the trip through a URL.
import { fc, test } from '@fast-check/vitest';
import { parseScenario } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { LEADER_EXPIRES, runSpec, scenarioNames, specOf } from './testing/fixtures.ts';
import { addWhatIfSteps, decodeActions, describeAction, encodeActions, type WhatIfAction } from './what-if.ts';

const ACTIONS: WhatIfAction[] = [
  { atMs: 9_500, kind: 'freeze', node: 's3' },
  { atMs: 10_001, kind: 'cut', nodes: ['s1', 's2'] },
  { atMs: 11_000, kind: 'isolate', nodes: ['s2', 'c1'] },
  { atMs: 12_250, kind: 'heal', name: 'whatif-1' },
  { atMs: 13_000, kind: 'heal', name: null },
  { atMs: 14_000, kind: 'resume', node: 's3' },
];

describe('addWhatIfSteps', () => {
  it('adds the steps to the timeline and keeps the rest of the file', () => {
    const { text, file } = specOf(LEADER_EXPIRES);
    const out = addWhatIfSteps(text, ACTIONS);
    const before = text.slice(0, text.indexOf('expect:'));
    expect(out.startsWith(before.trimEnd())).toBe(true);
    expect(out.endsWith(text.slice(text.indexOf('expect:')))).toBe(true);
    expect(out).toContain('  - { at: 10.001s, partition: { name: whatif-1, groups: [[s1], [s2]] } }');
    const r = parseScenario(out, file);
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    const orig = parseScenario(text, file);
    if (!orig.ok) throw new Error('01 does not parse');
    expect(r.scenario.timeline.length).toBe(orig.scenario.timeline.length + ACTIONS.length);
    expect(r.scenario.timeline.filter((s) => s.do === 'server-freeze')).toEqual([expect.objectContaining({ atMs: 9_500, server: 's3' })]);
    expect(r.scenario.timeline.filter((s) => s.do === 'partition').map((s) => 'groups' in s && s.groups)).toEqual([[['s1'], ['s2']], [['s2', 'c1']]]);
    expect(r.scenario.expect).toEqual(orig.scenario.expect.map((e) => ({ ...e, line: e.line + ACTIONS.length + 1 })));
  });

  for (const name of scenarioNames()) {
    it(`${name}: a freeze of s1 at 1 s gives a file that parses`, () => {
      const { text, file } = specOf(name);
      if (!parseScenario(text, file).ok) return;
      const r = parseScenario(addWhatIfSteps(text, [{ atMs: 1000, kind: 'freeze', node: 's1' }]), file);
      expect(r.ok ? 'ok' : r.issues.map((i) => i.message)).toBe('ok');
    });
  }

  it('handles a file without a timeline, an empty one, a flow list and JSON', () => {
    const base = 'version: 1\nuntil: 30s\ncluster: { servers: 3 }\nclients: [{ id: c1 }]\n';
    const cases = [base, `${base}timeline:\n`, `${base}timeline: [ { at: 2s, crash: s1 } ]\n`, JSON.stringify({ version: 1, until: '30s', cluster: { servers: 3 }, clients: [{ id: 'c1' }], timeline: [] })];
    for (const text of cases) {
      const r = parseScenario(addWhatIfSteps(text, ACTIONS), 'x.yaml');
      expect(r.ok ? r.scenario.timeline.filter((s) => s.atMs >= 9_500).length : r.issues.map((i) => i.message)).toBe(ACTIONS.length);
    }
  });

  it('changes nothing without actions', () => {
    const { text } = specOf(LEADER_EXPIRES);
    expect(addWhatIfSteps(text, [])).toBe(text);
  });

  it('runs to a different end: freezing the leader before the expiry moves the leadership', () => {
    const spec = specOf(LEADER_EXPIRES);
    const original = runSpec(spec);
    const whatIf = runSpec({ ...spec, text: addWhatIfSteps(spec.text, [{ atMs: 9_500, kind: 'freeze', node: 's3' }]) });
    expect(original.outcome.leader).toBe('s3');
    expect(whatIf.outcome.leader).not.toBe('s3');
  });
});

describe('describeAction', () => {
  it('says what happens and when', () => {
    expect(ACTIONS.map((a) => describeAction(a, ACTIONS))).toEqual([
      'freeze s3 at 9.500s', 'cut the link s1 ↔ s2 (whatif-1) at 10.001s', 'isolate s2, c1 from everyone else (whatif-2) at 11.000s',
      'heal whatif-1 at 12.250s', 'heal every partition at 13.000s', 'resume s3 at 14.000s',
    ]);
  });
});

const name = fc.constantFrom('s1', 's2', 's3', 'c1', 'client-2', 'x.y');
const action: fc.Arbitrary<WhatIfAction> = fc.oneof(
  fc.record({ atMs: fc.nat(), kind: fc.constantFrom('crash', 'restart', 'freeze', 'resume', 'close') as fc.Arbitrary<'crash'>, node: name }),
  fc.record({ atMs: fc.nat(), kind: fc.constant('cut' as const), nodes: fc.tuple(name, name) }),
  fc.record({ atMs: fc.nat(), kind: fc.constant('isolate' as const), nodes: fc.array(name, { minLength: 1, maxLength: 4 }) }),
  fc.record({ atMs: fc.nat(), kind: fc.constant('heal' as const), name: fc.option(fc.constantFrom('whatif-1', 'split'), { nil: null }) }),
);

describe('encodeActions', () => {
  test.prop([fc.array(action, { maxLength: 6 })])('decodes to the same actions', (actions) => {
    expect(decodeActions(encodeActions(actions))).toEqual(actions);
  });

  it('rejects bad input with the part named', () => {
    expect(() => decodeActions('10:explode:s1')).toThrow(/unknown action 'explode'/);
    expect(() => decodeActions('x:freeze:s1')).toThrow(/bad time/);
    expect(() => decodeActions('10:cut:s1')).toThrow(/two nodes/);
  });
});
