// The touch-table names are read from the trace, so they are checked against the server's own count at
// every position of every scenario file: where the numbers differ the panel shows only the count.
import { describe, expect, it } from 'vitest';
import { RunView } from './run-view.ts';
import { runSpec, scenarioNames, specOf } from './testing/fixtures.ts';
import { touchTableAt } from './touch-table.ts';
import { parseSpec } from './sim-run.ts';

describe('touchTableAt', () => {
  for (const name of scenarioNames()) {
    it(`${name}: names as many sessions as each follower's touch table holds`, () => {
      const spec = specOf(name);
      if (!parseSpec(spec).ok) return;
      const view = new RunView(runSpec(spec), 10);
      let compared = 0;
      let mismatched = 0;
      let nonEmpty = 0;
      for (let p = view.first; p <= view.last; p++) {
        for (const s of view.viewModelAt(p).servers) {
          if (s.touchCount === null || s.process !== 'up') continue;
          const names = touchTableAt(view.data.index, p, s.name);
          if (names === null) continue;
          compared++;
          if (names.length !== s.touchCount) mismatched++;
          if (s.touchCount > 0) nonEmpty++;
        }
      }
      expect(compared).toBeGreaterThan(0);
      expect(mismatched).toBe(0);
      expect(nonEmpty).toBeGreaterThan(0);
    });
  }
});
