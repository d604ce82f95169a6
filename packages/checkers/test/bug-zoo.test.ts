// The bug zoo: with each re-introduced server bug switched on, the sweep's search (seeds 1, 2, … of the
// small profile) finds a failure through the checker meant to catch it within a small budget of seeds;
// fast-check shrinks it to a scenario that still fails that way; and the same scenario without the bug
// passes, so the bug — not the scenario — is what the checker caught. Figures are printed for docs/bug-zoo.md.
import { describe, expect, it } from 'vitest';
import { PROFILES, ZOO_BUGS, drawForSeed, formatSize, scenarioArb, scenarioSize, testSeed, type ZooBug } from '../src/index.ts';
import { judge, type Verdict } from './support/property-run.ts';

/** Checker meant to catch each bug, and the seed budget the search gets. */
const ZOO: Readonly<Record<ZooBug, { readonly checker: string; readonly budget: number; readonly source: string }>> = {
  'zk-2355-follower-loses-close-session': { checker: 'committed-prefix', budget: 400, source: 'ZOOKEEPER-2355' },
  'prep-ignores-in-flight-changes': { checker: 'close-deletes', budget: 40, source: 'R53, R58' },
  'follower-expires-sessions': { checker: 'expiry-authority', budget: 40, source: 'R20, R37' },
  'apply-close-before-commit': { checker: 'close-deletes', budget: 40, source: 'R54, R55' },
  'new-leader-keeps-old-deadlines': { checker: 'expiry-timing', budget: 80, source: 'R66' },
  'leader-ignores-ping-touches': { checker: 'pinging-client-lives', budget: 40, source: 'R44' },
  'client-ignores-expired-response': { checker: 'client-expiry', budget: 80, source: 'R33, R78' },
};

const SHRINK_RUNS = 150;

const caughtBy = (v: Verdict, checker: string): boolean => [...v.report.safety, ...v.report.liveness].some((x) => x.checker === checker);

describe('bug zoo', () => {
  it('lists every bug the simulator can re-introduce', () => {
    expect(Object.keys(ZOO).sort()).toEqual([...ZOO_BUGS].sort());
  });

  for (const bug of ZOO_BUGS) {
    const { checker, budget, source } = ZOO[bug];
    it(`${bug} (${source}): ${checker} finds it within ${budget} seeds and it shrinks`, () => {
      const arb = scenarioArb(PROFILES['small'], { bugs: [bug] });
      let found: number | null = null;
      for (let seed = 1; seed <= budget && found === null; seed++) if (caughtBy(judge(drawForSeed(arb, seed)), checker)) found = seed;
      expect(found, `${checker} did not catch ${bug} in seeds 1..${budget}`).not.toBeNull();
      const seed = found as number;
      const o = testSeed(arb, seed, judge, (v) => caughtBy(v, checker), { shrinkRunsMax: SHRINK_RUNS });
      const shrunk = o.shrunk;
      expect(shrunk).not.toBeNull();
      if (shrunk === null) return;
      expect(caughtBy(shrunk.result, checker)).toBe(true);
      const withoutBug = judge({ ...shrunk.value, bugs: [] });
      expect(withoutBug.report.safety).toEqual([]);
      expect(caughtBy(withoutBug, checker)).toBe(false);
      console.log(`${bug}: first failing seed ${seed} (${seed} seeds); shrunk from ${formatSize(scenarioSize(o.value))} to ${formatSize(scenarioSize(shrunk.value))} in ${shrunk.steps} steps / ${shrunk.runs} runs`);
    }, 60_000);
  }
});
