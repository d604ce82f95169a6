// Drawing a scenario from a seed, testing it, and shrinking it when it fails — without running anything
// itself: the caller passes the test (which runs the simulator and the checkers). fast-check draws the
// value for `seed` exactly as `fc.check` would and shrinks a failing one toward a smaller scenario that
// still fails the same way; a run budget bounds the shrinking.
import fc from 'fast-check';

/** The outcome of testing one seed. */
export interface SeedOutcome<T, R> {
  /** The value drawn for the seed. */
  readonly value: T;
  /** What the test returned for it. */
  readonly result: R;
  /** Set when the value failed: the smallest failing value found, what the test said about it, and effort. */
  readonly shrunk: { readonly value: T; readonly result: R; readonly steps: number; readonly runs: number } | null;
}

/** Options of `testSeed`. */
export interface TestSeedOptions {
  /** Most test runs spent shrinking (0: do not shrink). Default 400. */
  readonly shrinkRunsMax?: number;
}

/**
 * Draws the value of `arb` for `seed`, runs `test` on it and, when `isFailure` says it failed, shrinks it:
 * a smaller candidate is kept when `isSameFailure(original, candidate)` holds.
 * @example
 * const o = testSeed(scenarioArb(PROFILES.small), 17, runChecked, (r) => r.safety.length > 0);
 * if (o.shrunk) writeFileSync('repro.yaml', scenarioToYaml(o.shrunk.value));
 */
export function testSeed<T, R>(
  arb: fc.Arbitrary<T>,
  seed: number,
  test: (value: T) => R,
  isFailure: (result: R) => boolean,
  options: TestSeedOptions = {},
  isSameFailure: (original: R, candidate: R) => boolean = (_o, c) => isFailure(c),
): SeedOutcome<T, R> {
  const budget = options.shrinkRunsMax ?? 400;
  let first: { value: T; result: R } | null = null;
  let best: { value: T; result: R } | null = null;
  let runs = 0;
  let steps = 0;
  const property = fc.property(arb, (value) => {
    if (first === null) {
      const result = test(value);
      first = { value, result };
      if (!isFailure(result)) return true;
      best = first;
      return false;
    }
    // Shrinking: once the budget is spent every candidate "passes", which ends the search at once.
    if (runs >= budget) return true;
    runs++;
    const result = test(value);
    if (!isSameFailure(first.result, result)) return true;
    best = { value, result };
    steps++;
    return false;
  });
  fc.check(property, { seed, numRuns: 1, endOnFailure: budget === 0 });
  const f = first as { value: T; result: R } | null;
  if (f === null) throw new RangeError('testSeed: the property never ran');
  const b = best as { value: T; result: R } | null;
  return { value: f.value, result: f.result, shrunk: b === null ? null : { value: b.value, result: b.result, steps, runs } };
}

/** The value `arb` draws for `seed` (the same one `testSeed` tests first). */
export function drawForSeed<T>(arb: fc.Arbitrary<T>, seed: number): T {
  let drawn: { value: T } | null = null;
  fc.check(fc.property(arb, (value) => {
    drawn = { value };
    return true;
  }), { seed, numRuns: 1 });
  const d = drawn as { value: T } | null;
  if (d === null) throw new RangeError('drawForSeed: nothing drawn');
  return d.value;
}
