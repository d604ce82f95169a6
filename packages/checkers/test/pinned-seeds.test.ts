// Replays every seed that ever failed (pinned-seeds.json) and the scenario files of the simulator issues
// the checkers found (fixtures/): pinned seeds must pass every checker, simulator issues excused; each
// fixture must fail only through its known issue, or pass once the simulator is fixed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { drawForSeed, profileNamed, scenarioArb } from '../src/index.ts';
import { judge } from './support/property-run.ts';

interface Pinned {
  readonly profile: string;
  readonly seed: number;
  readonly bug?: string | null;
  readonly note: string;
}

const PINNED = (JSON.parse(readFileSync(join(import.meta.dirname, 'pinned-seeds.json'), 'utf8')) as { seeds: Pinned[] }).seeds;
const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('pinned seeds', () => {
  for (const p of PINNED) {
    it(`${p.profile} seed ${p.seed}${p.bug ? ` (bug ${p.bug})` : ''}: ${p.note}`, () => {
      const profile = profileNamed(p.profile);
      if (profile === undefined) throw new Error(`unknown profile ${p.profile}`);
      const v = judge(drawForSeed(scenarioArb(profile, { bugs: p.bug ? [p.bug] : [] }), p.seed));
      expect(v.failures).toEqual([]);
    });
  }
});

describe('simulator issues found by the checkers', () => {
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.yaml'))) {
    it(`${f} fails only through its known issue`, () => {
      const parsed = parseScenario(readFileSync(join(FIXTURES, f), 'utf8'), f);
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
      const v = judge(parsed.scenario);
      expect(v.report.safety).toEqual([]);
      expect(v.failures).toEqual([]);
      const issue = f.replace(/\.yaml$/, '');
      if (v.report.liveness.length === 0) console.log(`${f}: passes now — has ${issue} been fixed? Then remove it from known-sim-issues.ts.`);
      else expect(v.knownIssues).toContain(issue);
    });
  }
});
