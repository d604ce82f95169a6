// Seeded randomness for a run. One root per run, built from the scenario seed; every component forks
// its own stream by label (`rng.fork('network')`), and a fork depends only on the root seed and the
// label path — never on how many draws any stream has made — so an extra draw in one stream leaves
// every other stream's sequence unchanged. Backed by seedrandom's alea (arithmetic only: identical
// in every JS engine), with `state: true` so a snapshot can capture and restore a stream.
import seedrandom from 'seedrandom';

interface AleaPrng {
  (): number;
  state(): object;
}
type AleaFactory = (seed: string, options: { state: boolean | object }) => AleaPrng;
const alea = (seedrandom as unknown as { alea: AleaFactory }).alea;

/** A named, seeded stream of random numbers. */
export class Rng {
  /** The label path of this stream, e.g. `42/network/link:s1->s2`. */
  readonly path: string;
  private readonly prng: AleaPrng;

  /** Builds a root stream from a seed (number or string). */
  constructor(seed: string | number, state?: object) {
    this.path = String(seed);
    this.prng = alea(this.path, { state: state ?? true });
  }

  /**
   * An independent stream named `label` under this one. Forking draws nothing from this stream;
   * forking the same label twice gives two streams with identical sequences.
   */
  fork(label: string): Rng {
    return new Rng(`${this.path}/${label}`);
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.prng() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[Math.floor(this.prng() * items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const t = out[i] as T;
      out[i] = out[j] as T;
      out[j] = t;
    }
    return out;
  }

  /** The generator's internal state, for a snapshot; `Rng.restore` rebuilds the stream from it. */
  saveState(): object {
    return this.prng.state();
  }

  /** Rebuilds a stream at a saved state. */
  static restore(path: string, state: object): Rng {
    return new Rng(path, state);
  }
}
