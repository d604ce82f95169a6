// StaticHostProvider's walk (R79): a seeded shuffle, round-robin, and where the 1000 ms pause falls.
import { describe, expect, it } from 'vitest';
import { Rng } from '@zksim/kernel';
import { HostProvider } from './host-provider.ts';

describe('HostProvider', () => {
  it('shuffles with the given stream: same seed, same order', () => {
    const a = new HostProvider(['s1', 's2', 's3', 's4', 's5'], new Rng('x').fork('client/c1'));
    const b = new HostProvider(['s1', 's2', 's3', 's4', 's5'], new Rng('x').fork('client/c1'));
    expect(a.hosts).toEqual(b.hosts);
    expect([...a.hosts].sort()).toEqual(['s1', 's2', 's3', 's4', 's5']);
    const orders = new Set(Array.from({ length: 30 }, (_, i) => new HostProvider(['a', 'b', 'c'], new Rng(i)).hosts.join()));
    expect(orders.size).toBeGreaterThan(3);
  });

  it('R79: never pauses on the first call; before any connect it pauses on wrapping to index 0', () => {
    const p = new HostProvider(['a', 'b', 'c'], new Rng(1));
    const h = p.hosts;
    const seen = Array.from({ length: 7 }, () => p.next());
    expect(seen).toEqual([
      { host: h[0], pauseMs: 0 }, { host: h[1], pauseMs: 0 }, { host: h[2], pauseMs: 0 },
      { host: h[0], pauseMs: 1000 }, { host: h[1], pauseMs: 0 }, { host: h[2], pauseMs: 0 }, { host: h[0], pauseMs: 1000 },
    ]);
  });

  it('R79: after onConnected the pause falls on the host of the last connection', () => {
    const p = new HostProvider(['a', 'b', 'c'], new Rng(1));
    p.next();
    p.next();
    p.onConnected(); // connected to index 1
    expect([p.next().pauseMs, p.next().pauseMs, p.next().pauseMs, p.next().pauseMs]).toEqual([0, 0, 1000, 0]);
  });

  it('R79: a single host pauses on every call but the first', () => {
    const p = new HostProvider(['only'], new Rng(1));
    expect([p.next(), p.next(), p.next()].map((n) => n.pauseMs)).toEqual([0, 1000, 1000]);
  });
});
