import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { type DelayDistribution, meanDelayMs, sampleDelayMs, validateDistribution } from './distributions.ts';
import { Rng } from './rng.ts';

const msArb = fc.double({ min: 0, max: 500, noNaN: true });
const distributionArb: fc.Arbitrary<DelayDistribution> = fc.oneof(
  fc.record({ type: fc.constant('constant' as const), ms: msArb }),
  fc.record({ type: fc.constant('uniform' as const), floorMs: msArb, spreadMs: msArb }),
  fc.record({ type: fc.constant('exponential' as const), floorMs: msArb, meanMs: msArb }),
  fc.record({
    type: fc.constant('lognormal' as const), floorMs: msArb, medianMs: fc.double({ min: 0, max: 50, noNaN: true }),
    sigma: fc.double({ min: 0, max: 2, noNaN: true }),
  }),
);

function floorOf(d: DelayDistribution): number {
  return d.type === 'constant' ? d.ms : d.floorMs;
}

describe('sampleDelayMs', () => {
  test.prop([distributionArb, fc.integer()])('returns integers no smaller than the floor', (d, seed) => {
    expect(validateDistribution(d)).toEqual([]);
    const rng = new Rng(seed);
    for (let i = 0; i < 100; i++) {
      const v = sampleDelayMs(d, rng);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(Math.floor(floorOf(d)));
    }
  });

  test.prop([fc.integer({ min: 0, max: 1_000_000 }), fc.integer()])('returns an integer constant exactly, without drawing', (ms, seed) => {
    const rng = new Rng(seed);
    expect(sampleDelayMs({ type: 'constant', ms }, rng)).toBe(ms);
    expect(rng.next()).toBe(new Rng(seed).next()); // the stream did not move
  });

  it('rounds a fractional constant to one of its two neighbours', () => {
    const rng = new Rng('frac');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(sampleDelayMs({ type: 'constant', ms: 2.3 }, rng));
    expect([...seen].sort()).toEqual([2, 3]);
  });

  // Goal: integer rounding keeps each distribution's mean. Approach: with fixed seeds, average many draws
  // and allow 4 standard errors plus 0.5 % for the quantile tables, which cut the tails near p = 1.2e-4.
  const cases: ReadonlyArray<readonly [string, DelayDistribution]> = [
    ['a fractional constant', { type: 'constant', ms: 2.3 }],
    ['a sub-millisecond uniform', { type: 'uniform', floorMs: 0.2, spreadMs: 0.8 }],
    ['a wide uniform', { type: 'uniform', floorMs: 3, spreadMs: 10 }],
    ['an exponential', { type: 'exponential', floorMs: 1, meanMs: 5 }],
    ['a sub-millisecond exponential', { type: 'exponential', floorMs: 0, meanMs: 0.3 }],
    ['a lognormal', { type: 'lognormal', floorMs: 0.5, medianMs: 2, sigma: 0.5 }],
    ['a heavy lognormal', { type: 'lognormal', floorMs: 0, medianMs: 10, sigma: 1 }],
  ];
  for (const [name, d] of cases) {
    it(`keeps the mean of ${name}`, () => {
      for (const seed of ['mean-1', 'mean-2']) {
        const rng = new Rng(seed);
        const n = 100_000;
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < n; i++) {
          const v = sampleDelayMs(d, rng);
          sum += v;
          sumSq += v * v;
        }
        const mean = sum / n;
        const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        const tolerance = 4 * (sd / Math.sqrt(n)) + 0.005 * meanDelayMs(d);
        expect(Math.abs(mean - meanDelayMs(d))).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  test.prop([distributionArb, fc.integer()])('draws the same delays from the same seed', (d, seed) => {
    const a = new Rng(seed);
    const b = new Rng(seed);
    for (let i = 0; i < 20; i++) expect(sampleDelayMs(d, a)).toBe(sampleDelayMs(d, b));
  });
});

describe('meanDelayMs', () => {
  it('gives the closed-form means', () => {
    expect(meanDelayMs({ type: 'constant', ms: 4 })).toBe(4);
    expect(meanDelayMs({ type: 'uniform', floorMs: 1, spreadMs: 3 })).toBe(2.5);
    expect(meanDelayMs({ type: 'exponential', floorMs: 1, meanMs: 3 })).toBe(4);
    expect(meanDelayMs({ type: 'lognormal', floorMs: 1, medianMs: 2, sigma: 0.5 })).toBeCloseTo(1 + 2 * Math.exp(0.125), 12);
  });
});

describe('validateDistribution', () => {
  it('names every bad parameter', () => {
    expect(validateDistribution({ type: 'uniform', floorMs: -1, spreadMs: Number.NaN })).toHaveLength(2);
    expect(validateDistribution({ type: 'lognormal', floorMs: 0, medianMs: 1, sigma: Infinity })[0]).toContain('sigma');
    expect(validateDistribution({ type: 'exponential', floorMs: 0, meanMs: -2 })[0]).toContain('meanMs');
    expect(validateDistribution({ type: 'constant', ms: -1 })[0]).toContain('ms');
    expect(validateDistribution({ type: 'gamma' } as unknown as DelayDistribution)[0]).toContain('gamma');
  });
});
