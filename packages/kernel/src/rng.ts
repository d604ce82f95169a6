// Seeded randomness for a run. One root per run, built from the scenario seed; every component forks
// its own stream by label (`rng.fork('network')`), and a fork depends only on the root seed and the
// label path — never on how many draws any stream has made — so an extra draw in one stream leaves
// every other stream's sequence unchanged. Backed by seedrandom's alea (arithmetic only: identical
// in every JS engine), with `state: true` so a snapshot can capture and restore a stream.
//
// Speed: seedrandom seeds each stream (its Mash hashing of the label path) and its `state()` gives the
// four numbers of the alea recurrence; the recurrence itself then runs here, on a slab of doubles shared
// by a root and all its forks. A simulation with thousands of per-link streams otherwise spends most of
// a message's time chasing pointers to scattered generator objects. The sequence is exactly alea's.
import seedrandom from 'seedrandom';

interface AleaPrng {
  (): number;
  state(): object;
}
type AleaFactory = (seed: string, options: { state: boolean | object }) => AleaPrng;
const alea = (seedrandom as unknown as { alea: AleaFactory }).alea;

interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/** Generator states of a root and its forks, four doubles (c, s0, s1, s2) per stream. */
class Slab {
  data = new Float64Array(64);
  count = 0;

  add(st: AleaState): number {
    if ((this.count + 1) * 4 > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const i = this.count++;
    const b = i * 4;
    this.data[b] = st.c;
    this.data[b + 1] = st.s0;
    this.data[b + 2] = st.s1;
    this.data[b + 3] = st.s2;
    return b;
  }
}

/**
 * One step of the alea recurrence on the stream whose state starts at `b` in slab `d`: the same draw as
 * `next()` of that stream.
 */
export function aleaStep(d: Float64Array, b: number): number {
  const t = 2091639 * (d[b + 1] as number) + (d[b] as number) * 2.3283064365386963e-10; // 2^-32
  d[b + 1] = d[b + 2] as number;
  d[b + 2] = d[b + 3] as number;
  const c = t | 0;
  d[b] = c;
  const r = t - c;
  d[b + 3] = r;
  return r;
}

/** A named, seeded stream of random numbers. */
export class Rng {
  /** The label path of this stream, e.g. `42/network/link:s1->s2`. */
  readonly path: string;
  private readonly slab: Slab;
  private readonly base: number;

  /** Builds a root stream from a seed (number or string), or restores one from a saved state. */
  constructor(seed: string | number, state?: object, slab?: Slab) {
    this.path = String(seed);
    this.slab = slab ?? new Slab();
    const st = (state as AleaState | undefined) ?? (alea(this.path, { state: true }).state() as AleaState);
    this.base = this.slab.add(st);
  }

  /**
   * An independent stream named `label` under this one. Forking draws nothing from this stream;
   * forking the same label twice gives two streams with identical sequences.
   */
  fork(label: string): Rng {
    return new Rng(`${this.path}/${label}`, undefined, this.slab);
  }

  /** A uniform float in [0, 1) (one step of the alea recurrence). */
  next(): number {
    return aleaStep(this.slab.data, this.base);
  }

  /**
   * Where this stream's state lives: the shared slab (re-read it before each use: it is replaced when it
   * grows) and this stream's offset in it. A hot caller keeps the offset in a typed array and draws with
   * `aleaStep(rng.slabData, offset)` instead of chasing a pointer to each scattered Rng object.
   */
  get slabData(): Float64Array {
    return this.slab.data;
  }

  get slabBase(): number {
    return this.base;
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = out[i] as T;
      out[i] = out[j] as T;
      out[j] = t;
    }
    return out;
  }

  /** The generator's internal state (alea's {c, s0, s1, s2}), for a snapshot; `Rng.restore` rebuilds it. */
  saveState(): object {
    const d = this.slab.data;
    const b = this.base;
    return { c: d[b], s0: d[b + 1], s1: d[b + 2], s2: d[b + 3] };
  }

  /** Rebuilds a stream at a saved state. */
  static restore(path: string, state: object): Rng {
    return new Rng(path, state);
  }
}
