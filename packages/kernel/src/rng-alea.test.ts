// The Rng runs alea's recurrence on its own slab of doubles for speed; this pins that the sequence is
// exactly seedrandom's alea for the same label path, so "backed by seedrandom" stays literally true.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

const alea = (seedrandom as unknown as { alea: (seed: string, o?: object) => { (): number; state(): object } }).alea;

describe('Rng and seedrandom alea', () => {
  it('draws exactly the sequence of seedrandom.alea(path) for a root and for forks', () => {
    for (const [rng, path] of [[new Rng(42), '42'], [new Rng('x').fork('network').fork('link:s1->s2'), 'x/network/link:s1->s2']] as const) {
      const ref = alea(path);
      for (let i = 0; i < 20000; i++) expect(rng.next()).toBe(ref());
    }
  });

  it('saves and restores a state compatible with alea', () => {
    const r = new Rng(7).fork('a');
    for (let i = 0; i < 10; i++) r.next();
    const ref = alea('7/a', { state: true });
    for (let i = 0; i < 10; i++) ref();
    expect(r.saveState()).toEqual(ref.state());
    const back = Rng.restore('7/a', r.saveState());
    expect(back.next()).toBe(r.next());
  });
});
