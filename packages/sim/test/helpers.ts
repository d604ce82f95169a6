// Independent re-statements of the reference's arithmetic for tests (not imported from the code under test).

/** R6: (t / interval + 1) * interval with Java integer division. */
export function roundToNextIntervalForTest(t: number, interval: number): number {
  return (Math.floor(t / interval) + 1) * interval;
}

/** R4: epoch << 32 | counter. */
export function makeZxid(epoch: number, counter: number): number {
  return epoch * 2 ** 32 + counter;
}
