// The diagram draws only the rows in the scroll window; culling must never lose an arrow that crosses
// it. The property test compares `arrowsIn` with a brute-force scan over random windows.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, DiagramModel } from './diagram-model.ts';
import { LEADER_EXPIRES, runSpec, specOf } from './testing/fixtures.ts';

const run = runSpec(specOf(LEADER_EXPIRES));
const all = new DiagramModel(run.index, { ...DEFAULT_FILTER, heartbeats: true, detail: true });
const quiet = new DiagramModel(run.index, DEFAULT_FILTER);

describe('DiagramModel', () => {
  it('hides heartbeats and plumbing by default, but keeps every arrow endpoint', () => {
    expect(quiet.rowCount).toBeLessThan(all.rowCount);
    expect(quiet.arrows.some((a) => a.kind === 'heartbeat')).toBe(false);
    expect(all.arrows.some((a) => a.kind === 'heartbeat')).toBe(true);
    for (const a of quiet.arrows) {
      expect(quiet.groupRows[a.endGroup]).toBeGreaterThanOrEqual(0);
      if (a.sendGroup >= 0) expect(quiet.groupRows[a.sendGroup]).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows the frozen client as a stretch of its lane', () => {
    expect(quiet.stretches).toEqual([expect.objectContaining({ lane: 3, kind: 'frozen' })]);
  });

  it('steps between shown events and back', () => {
    const p = quiet.positionOfRow(10);
    expect(quiet.stepPosition(p, 1)).toBe(quiet.positionOfRow(11));
    expect(quiet.stepPosition(quiet.positionOfRow(11), -1)).toBe(p);
    expect(quiet.rowAtPosition(p)).toBe(10);
  });

  test.prop([fc.nat({ max: 400 }), fc.nat({ max: 80 })])('finds every arrow that crosses a window', (from, span) => {
    for (const m of [all, quiet]) {
      const to = from + span;
      const want = m.arrows.flatMap((a, i) => (Math.min(a.fromRow, a.toRow) <= to && Math.max(a.fromRow, a.toRow) >= from ? [i] : []));
      expect(m.arrowsIn(from, to).sort((a, b) => a - b)).toEqual(want);
    }
  });
});
