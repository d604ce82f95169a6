// Per-node clocks. A node reads only its own clocks: a monotonic clock that runs at (1 + ppm/1e6) times
// the global rate from an arbitrary origin, and a wall clock = monotonic + offset that can jump.
// Global time is the kernel's integer millisecond; local readings are integers too (floor). All
// conversions are exact integer arithmetic in doubles (products are split so they stay below 2^53).

const MILLION = 1_000_000;

/** Default wall-clock reading at global time 0 (2024-01-01T00:00:00Z), so traces are stable. */
export const DEFAULT_WALL_EPOCH_MS = 1_704_067_200_000;

/** Options for a node's clocks. */
export interface ClockOptions {
  /** Rate error in parts per million: +100 means the local clock runs 0.01 % fast. Integer, > −1e6. */
  readonly driftPpm?: number;
  /** Local monotonic reading at global time 0. */
  readonly monotonicOriginMs?: number;
  /** Wall-clock reading at global time 0. */
  readonly wallOriginMs?: number;
}

/** A node's monotonic and wall clocks as functions of global time. */
export class NodeClock {
  private ppm: number;
  private baseGlobal = 0;
  private baseLocal: number;
  private wallOffset: number;

  constructor(options: ClockOptions = {}) {
    this.ppm = checkPpm(options.driftPpm ?? 0);
    this.baseLocal = options.monotonicOriginMs ?? 0;
    this.wallOffset = (options.wallOriginMs ?? DEFAULT_WALL_EPOCH_MS) - this.baseLocal;
  }

  /** Current drift in ppm. */
  get driftPpm(): number {
    return this.ppm;
  }

  /** The local monotonic reading at global time g (integer ms, floor). */
  monotonicAt(g: number): number {
    return this.baseLocal + scaleFloor(g - this.baseGlobal, MILLION + this.ppm);
  }

  /** The wall-clock reading at global time g. */
  wallAt(g: number): number {
    return this.monotonicAt(g) + this.wallOffset;
  }

  /** The earliest global time at which the monotonic clock reads at least `local`. */
  globalFor(local: number): number {
    return this.baseGlobal + inverseCeil(local - this.baseLocal, MILLION + this.ppm);
  }

  /** Changes the rate from global time g on; readings stay continuous. */
  setDrift(g: number, ppm: number): void {
    this.baseLocal = this.monotonicAt(g);
    this.baseGlobal = g;
    this.ppm = checkPpm(ppm);
  }

  /** Moves the wall clock by deltaMs (positive = forward); the monotonic clock is not affected. */
  jumpWall(deltaMs: number): void {
    this.wallOffset += deltaMs;
  }
}

function checkPpm(ppm: number): number {
  if (!Number.isInteger(ppm) || ppm <= -MILLION || ppm >= MILLION) {
    throw new RangeError(`driftPpm must be an integer in (−1e6, 1e6), got ${ppm}`);
  }
  return ppm;
}

/** floor(d · k / 1e6) for integers d ≥ 0 (or negative), exact. */
function scaleFloor(d: number, k: number): number {
  if (k === MILLION) return d;
  const q = Math.floor(d / MILLION);
  const r = d - q * MILLION;
  return q * k + Math.floor((r * k) / MILLION);
}

/** ceil(d · 1e6 / k) for any integer d, exact: the smallest x with floor(x·k/1e6) ≥ d. */
function inverseCeil(d: number, k: number): number {
  if (k === MILLION) return d;
  const q = Math.floor(d / k);
  const r = d - q * k;
  let x = q * MILLION + Math.ceil((r * MILLION) / k);
  // Guard the rounding of the last division: step to the exact boundary.
  while (scaleFloor(x - 1, k) >= d) x--;
  while (scaleFloor(x, k) < d) x++;
  return x;
}
