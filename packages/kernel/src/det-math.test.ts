import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EXPONENTIAL_QUANTILES, NORMAL_QUANTILES, QUANTILE_TABLE_SIZE, detExp, detLog, normalQuantile, sampleQuantileTable } from './det-math.ts';

function relativeError(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
}

describe('detLog', () => {
  test.prop([fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true })])(
    'agrees with Math.log to 1e-13 relative over all positive doubles',
    (x) => {
      expect(relativeError(detLog(x), Math.log(x))).toBeLessThanOrEqual(1e-13);
    },
  );

  test.prop([fc.double({ min: 0.5, max: 2, noNaN: true })])('agrees with Math.log to 1e-13 relative near 1', (x) => {
    expect(relativeError(detLog(x), Math.log(x))).toBeLessThanOrEqual(1e-13);
  });

  it('handles the edges like Math.log', () => {
    expect(detLog(1)).toBe(0);
    expect(detLog(0)).toBe(-Infinity);
    expect(detLog(Infinity)).toBe(Infinity);
    expect(detLog(-1)).toBeNaN();
    expect(detLog(Number.NaN)).toBeNaN();
  });
});

describe('detExp', () => {
  test.prop([fc.double({ min: -708, max: 709.78, noNaN: true })])('agrees with Math.exp to 1e-13 relative', (x) => {
    expect(relativeError(detExp(x), Math.exp(x))).toBeLessThanOrEqual(1e-13);
  });

  test.prop([fc.double({ min: -700, max: 700, noNaN: true })])('inverts detLog', (x) => {
    expect(detLog(detExp(x))).toBeCloseTo(x, 10);
  });

  it('handles the edges like Math.exp', () => {
    expect(detExp(0)).toBe(1);
    expect(detExp(1)).toBeCloseTo(Math.E, 15);
    expect(detExp(1000)).toBe(Infinity);
    expect(detExp(-1000)).toBe(0);
    expect(detExp(Number.NaN)).toBeNaN();
  });

  // Regression: detExp once returned Infinity for every x > 709, though e^x stays finite up to
  // ln(Number.MAX_VALUE) ≈ 709.78.
  it('stays finite up to ln(Number.MAX_VALUE)', () => {
    expect(relativeError(detExp(709.5), Math.exp(709.5))).toBeLessThanOrEqual(1e-13);
  });
});

describe('normalQuantile', () => {
  it('matches known quantiles of N(0, 1)', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
  });

  test.prop([fc.double({ min: 1e-9, max: 0.5, noNaN: true, noDefaultInfinity: true })])('is antisymmetric about 0.5', (p) => {
    expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 6);
  });
});

describe('quantile tables', () => {
  it('are increasing, and the exponential one starts near 0', () => {
    for (const table of [EXPONENTIAL_QUANTILES, NORMAL_QUANTILES]) {
      expect(table).toHaveLength(QUANTILE_TABLE_SIZE + 1);
      for (let i = 1; i <= QUANTILE_TABLE_SIZE; i++) expect(table[i] as number).toBeGreaterThan(table[i - 1] as number);
    }
    expect(EXPONENTIAL_QUANTILES[0] as number).toBeLessThan(1e-3);
  });

  test.prop([fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])('samples within the table and monotonically in u', (u) => {
    const x = sampleQuantileTable(EXPONENTIAL_QUANTILES, u);
    expect(x).toBeGreaterThanOrEqual(EXPONENTIAL_QUANTILES[0] as number);
    expect(x).toBeLessThanOrEqual(EXPONENTIAL_QUANTILES[QUANTILE_TABLE_SIZE] as number);
    const higher = Math.max(u, Math.min(u + 1e-6, 0.9999999999999999)); // in [u, 1)
    expect(sampleQuantileTable(EXPONENTIAL_QUANTILES, higher)).toBeGreaterThanOrEqual(x);
  });
});
