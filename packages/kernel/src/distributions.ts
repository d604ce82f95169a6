// Delay distributions for links and disks. Values are given in (possibly fractional) milliseconds and
// every draw returns an integer number of milliseconds: the draw is made in microseconds and rounded
// stochastically (0.6 ms becomes 1 ms with probability 0.6, else 0 ms) so the mean is kept while time
// stays an integer. Exponential and lognormal draws use the deterministic quantile tables of det-math.
import { EXPONENTIAL_QUANTILES, NORMAL_QUANTILES, detExp, sampleQuantileTable } from './det-math.ts';
import { aleaStep } from './rng.ts';
import type { Rng } from './rng.ts';

/** A delay distribution; every kind has a floor added to its draw. */
export type DelayDistribution =
  | { readonly type: 'constant'; readonly ms: number }
  | { readonly type: 'uniform'; readonly floorMs: number; readonly spreadMs: number }
  | { readonly type: 'exponential'; readonly floorMs: number; readonly meanMs: number }
  | { readonly type: 'lognormal'; readonly floorMs: number; readonly medianMs: number; readonly sigma: number };

/** Checks a distribution's parameters; returns a list of problems (empty when valid). */
export function validateDistribution(d: DelayDistribution): string[] {
  const bad: string[] = [];
  const nonNeg = (name: string, v: number): void => {
    if (!Number.isFinite(v) || v < 0) bad.push(`${name} must be a finite number ≥ 0 (got ${v})`);
  };
  switch (d.type) {
    case 'constant':
      nonNeg('ms', d.ms);
      break;
    case 'uniform':
      nonNeg('floorMs', d.floorMs);
      nonNeg('spreadMs', d.spreadMs);
      break;
    case 'exponential':
      nonNeg('floorMs', d.floorMs);
      nonNeg('meanMs', d.meanMs);
      break;
    case 'lognormal':
      nonNeg('floorMs', d.floorMs);
      nonNeg('medianMs', d.medianMs);
      nonNeg('sigma', d.sigma);
      break;
    default:
      bad.push(`unknown distribution type ${(d as { type: unknown }).type}`);
  }
  return bad;
}

/** The distribution's value in microseconds for a uniform draw u (no rounding). */
function drawMicros(d: DelayDistribution, rng: Rng): number {
  switch (d.type) {
    case 'constant':
      return d.ms * 1000;
    case 'uniform':
      return (d.floorMs + d.spreadMs * rng.next()) * 1000;
    case 'exponential':
      return (d.floorMs + d.meanMs * sampleQuantileTable(EXPONENTIAL_QUANTILES, rng.next())) * 1000;
    case 'lognormal':
      return (d.floorMs + d.medianMs * detExp(d.sigma * sampleQuantileTable(NORMAL_QUANTILES, rng.next()))) * 1000;
  }
}

/** Draws an integer delay in milliseconds (stochastic rounding of a microsecond draw). */
export function sampleDelayMs(d: DelayDistribution, rng: Rng): number {
  if (d.type === 'constant' && Number.isInteger(d.ms)) return d.ms;
  const us = Math.round(drawMicros(d, rng));
  const whole = Math.floor(us / 1000);
  const frac = us - whole * 1000;
  if (frac === 0) return whole;
  return whole + (rng.int(0, 999) < frac ? 1 : 0);
}

/**
 * `sampleDelayMs` of a uniform distribution, drawing from the stream at offset `b` of slab `d` (see
 * `Rng.slabBase`): the same two draws and the same result, without touching the Rng object.
 */
export function sampleUniformDelayAt(floorMs: number, spreadMs: number, d: Float64Array, b: number): number {
  const us = Math.round((floorMs + spreadMs * aleaStep(d, b)) * 1000);
  const whole = Math.floor(us / 1000);
  const frac = us - whole * 1000;
  if (frac === 0) return whole;
  return whole + (Math.floor(aleaStep(d, b) * 1000) < frac ? 1 : 0);
}

/** The distribution's mean in milliseconds (exact for constant, uniform, exponential and lognormal). */
export function meanDelayMs(d: DelayDistribution): number {
  switch (d.type) {
    case 'constant':
      return d.ms;
    case 'uniform':
      return d.floorMs + d.spreadMs / 2;
    case 'exponential':
      return d.floorMs + d.meanMs;
    case 'lognormal':
      return d.floorMs + d.medianMs * detExp((d.sigma * d.sigma) / 2);
  }
}
