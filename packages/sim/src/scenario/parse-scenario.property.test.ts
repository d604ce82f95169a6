// Robustness: whatever text arrives (random characters, random JSON, random edits of a valid file, or
// random values placed at the keys the format knows), parseScenario returns a result instead of
// throwing: a scenario whose times are integers and whose steps are sorted, or at least one issue with a
// real position. The shaped generator follows SCENARIO_SHAPE so the deep readers get exercised too.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseScenario } from './parse-scenario.ts';
import { formatIssue } from './scenario-issues.ts';
import { SCENARIO_SHAPE, type Shape } from './surface-shape.ts';

const VALID = `version: 1
description: A client takes a lock and crashes.
seed: 7
until: 60s
cluster: { servers: 3, tickTime: 2s, groups: [[s1, s2], [s3]] }
clocks: { s1: { drift: 100ppm }, c1: { wallOrigin: "2024-01-01T00:00:00Z" } }
network:
  latency: { lognormal: { median: 1ms, sigma: 0.5, floor: 0.2ms } }
  links: [{ between: [s1, c1], loss: 0.01 }, { from: s2, to: s3, latency: { uniform: [1ms, 2ms] } }]
clients: [{ id: c1, connect: "s1,s2/app", timeout: 6s }]
timeline:
  - { at: 1s, create: { client: c1, path: /lock, mode: ephemeral, id: lock } }
  - { at: 5s, partition: { name: cut, groups: [[s1, c1], [s2, s3]] } }
  - { at: 9s, heal: cut }
  - { at: 10s, wall-jump: { node: s1, by: -1h } }
  - { at: 12s, latency: { value: 3ms } }
expect:
  - { result: { id: lock, code: ok } }
  - { at: 30s, client-events: { client: c1, events: [SyncConnected, Expired] } }
`;

/** The property every input must satisfy. */
function checkNeverThrows(text: string): void {
  const r = parseScenario(text, 'p.yaml');
  if (r.ok) {
    const s = r.scenario;
    expect(Number.isInteger(s.untilMs) && s.untilMs > 0).toBe(true);
    for (let i = 1; i < s.timeline.length; i++) expect((s.timeline[i]?.atMs ?? 0) >= (s.timeline[i - 1]?.atMs ?? 0)).toBe(true);
    for (const step of s.timeline) expect(Number.isInteger(step.atMs) && step.atMs >= 0 && step.atMs <= s.untilMs).toBe(true);
  } else {
    expect(r.issues.length).toBeGreaterThan(0);
    for (const issue of r.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(formatIssue(issue).startsWith('p.yaml:')).toBe(true);
    }
  }
}

const YAMLISH = fc.constantFrom(...'abcsv019 .-_:,[]{}#&*!|>\'"%@`\n\t/'.split(''));

/** Values that look like what the readers expect, or nearly. */
const leafValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('1s', '-1h', '0.5ms', '200ppm', 'never', 'all', 'none', 's1', 's2', 'c1', 'lock', 'ephemeral', '/a', '/a/', '', 'ok'),
  fc.integer({ min: -5, max: 70_000 }),
);

/** A random value following a shape: some of its keys, list items, record entries, or a leaf. */
function shaped(shape: Shape, depth: number): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [leafValue];
  if (depth <= 0) return leafValue;
  const keys = shape.keys;
  if (keys !== undefined) {
    const entries = Object.entries(keys).map(([k, s]) => [k, shaped(s, depth - 1)] as const);
    options.push(fc.record(Object.fromEntries(entries), { requiredKeys: [] }));
  }
  if (shape.item !== undefined) options.push(fc.array(shaped(shape.item, depth - 1), { maxLength: 4 }));
  if (shape.values !== undefined) options.push(fc.dictionary(fc.constantFrom('s1', 's2', 'c1', 'x'), shaped(shape.values, depth - 1), { maxKeys: 3 }));
  return fc.oneof(...options);
}

const edit = fc.record({ at: fc.nat(), deleteCount: fc.nat(20), insert: fc.string({ unit: YAMLISH, maxLength: 12 }) });

function applyEdits(text: string, edits: readonly { at: number; deleteCount: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.deleteCount);
  }
  return out;
}

describe('parseScenario never throws', () => {
  test.prop([fc.string({ unit: 'binary', maxLength: 400 })])('on random text', checkNeverThrows);

  test.prop([fc.string({ unit: YAMLISH, maxLength: 400 })])('on random YAML-like text', checkNeverThrows);

  test.prop([fc.jsonValue()])('on random JSON', (v) => checkNeverThrows(JSON.stringify(v) ?? 'null'));

  test.prop([fc.array(edit, { minLength: 1, maxLength: 6 })], { numRuns: 300 })('on random edits of a valid file', (edits) => {
    checkNeverThrows(applyEdits(VALID, edits));
  });

  test.prop([shaped(SCENARIO_SHAPE, 6)], { numRuns: 300 })('on random values at the known keys', (value) => {
    checkNeverThrows(JSON.stringify(value) ?? 'null');
  });

  test.prop([fc.constant(VALID)], { numRuns: 1 })('and accepts the unedited file', (text) => {
    expect(parseScenario(text, 'p.yaml').ok).toBe(true);
  });
});
