// Deterministic elementary functions built only from IEEE-754 +, −, ×, ÷ and sqrt, which every JS engine
// rounds identically. Math.log/Math.exp are allowed to differ in the last bit between engines, which
// would make a seeded latency draw differ between Node and a browser; these never do.

const LN2 = 0.6931471805599453;

/** Natural logarithm of x > 0, deterministic across engines (relative error below 1e-15). */
export function detLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // Range reduction: x = m · 2^k with m in [1/√2, √2), by exact multiplications by 2 or 1/2.
  let k = 0;
  let m = x;
  while (m >= 1.4142135623730951) {
    m *= 0.5;
    k++;
  }
  while (m < 0.7071067811865476) {
    m *= 2;
    k--;
  }
  // ln m = 2·atanh(s), s = (m−1)/(m+1), |s| < 0.1716: the series converges fast.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n < 60; n += 2) {
    const add = term / n;
    sum += add;
    if (Math.abs(add) < 1e-18) break;
    term *= s2;
  }
  return 2 * sum + k * LN2;
}

/** e^x, deterministic across engines (relative error below 1e-15 for |x| < 700). */
export function detExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 709.782712893384) return Infinity; // ln(Number.MAX_VALUE)
  if (x < -745) return 0;
  // x = k·ln2 + r, |r| ≤ ln2/2; e^x = 2^k · e^r; e^r by Taylor series.
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 40; n++) {
    term = (term * r) / n;
    sum += term;
    if (Math.abs(term) < 1e-18) break;
  }
  // Scale in two steps so 2^k itself never overflows (k can be 1024 near the top of the range).
  const half = Math.trunc(k / 2);
  return sum * pow2(half) * pow2(k - half);
}

function pow2(k: number): number {
  let p = 1;
  if (k >= 0) for (let i = 0; i < k; i++) p *= 2;
  else for (let i = 0; i < -k; i++) p *= 0.5;
  return p;
}

/**
 * Quantile of the standard normal distribution (Acklam's rational approximation, relative error
 * about 1e-9), computed with detLog and sqrt only. p must be in (0, 1).
 */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  const at = (xs: number[], i: number): number => xs[i] as number;
  if (p < plow) {
    const q = Math.sqrt(-2 * detLog(p));
    return (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  }
  if (p > 1 - plow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
    (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
}

/** Number of cells in the quantile tables used for sampling. */
export const QUANTILE_TABLE_SIZE = 4096;

function buildTable(quantile: (p: number) => number): Float64Array {
  const t = new Float64Array(QUANTILE_TABLE_SIZE + 1);
  for (let i = 0; i <= QUANTILE_TABLE_SIZE; i++) {
    // Cell edges at (i + 0.5) / (N + 1): the open interval avoids the infinite tails.
    t[i] = quantile((i + 0.5) / (QUANTILE_TABLE_SIZE + 1));
  }
  return t;
}

/** Quantiles of Exp(1) at the table's cell edges. */
export const EXPONENTIAL_QUANTILES: Float64Array = buildTable((p) => -detLog(1 - p));
/** Quantiles of N(0, 1) at the table's cell edges. */
export const NORMAL_QUANTILES: Float64Array = buildTable(normalQuantile);

/**
 * Samples a distribution from its quantile table with linear interpolation between cell edges,
 * given a uniform u in [0, 1). Tails are truncated at the outermost table edges (p ≈ 1.2e-4).
 */
export function sampleQuantileTable(table: Float64Array, u: number): number {
  const x = u * QUANTILE_TABLE_SIZE;
  const i = Math.floor(x);
  const f = x - i;
  const lo = table[i] as number;
  const hi = table[i + 1] as number;
  return lo + (hi - lo) * f;
}
