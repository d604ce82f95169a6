import { describe, expect, it } from 'vitest';
import { diffOutcomes, type Outcome } from './outcome.ts';

const base: Outcome = {
  timeMs: 30_000, leader: 's3', servers: { s1: 'following', s2: 'following', s3: 'leading' }, clients: { c1: 'CLOSED' },
  expired: ['c1'], sessionsAtLeader: [], znodes: { s1: [], s2: [], s3: [] },
  expectations: [{ line: 1, description: 'leader is s3', passed: true, actual: 's3' }], violations: [],
};

describe('diffOutcomes', () => {
  it('finds nothing between equal outcomes', () => {
    expect(diffOutcomes(base, base)).toEqual([]);
  });

  it('lists what changed in reading order', () => {
    const other: Outcome = {
      ...base, leader: 's2', expired: [], servers: { ...base.servers, s2: 'leading', s3: 'frozen (leading)' },
      znodes: { ...base.znodes, s3: ['/lock (ephemeral of c1)'] }, expectations: [{ ...base.expectations[0], passed: false, actual: 's2' } as Outcome['expectations'][number]],
    };
    expect(diffOutcomes(base, other)).toEqual([
      { what: 'leader at the end', original: 's3', whatIf: 's2' },
      { what: 'sessions expired (clients that saw Expired)', original: 'c1', whatIf: 'none' },
      { what: 'znodes on s3', original: 'none', whatIf: '/lock (ephemeral of c1)' },
      { what: 's2 ends', original: 'following', whatIf: 'leading' },
      { what: 's3 ends', original: 'leading', whatIf: 'frozen (leading)' },
      { what: 'expectations of the scenario', original: '1/1 hold', whatIf: '0/1 hold' },
    ]);
  });
});
