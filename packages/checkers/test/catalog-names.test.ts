// The scenario format's `violation: NAME` check accepts the checker names sim lists (sim may not import
// checkers); this keeps that list and the real catalog in step.
import { CHECKER_NAMES } from '@zksim/sim';
import { describe, expect, it } from 'vitest';
import { checkerCatalog } from '../src/index.ts';

describe('checker names', () => {
  it('the scenario format knows exactly the checkers of the catalog', () => {
    expect([...CHECKER_NAMES].sort()).toEqual(checkerCatalog().map((c) => c.name).sort());
  });
});
