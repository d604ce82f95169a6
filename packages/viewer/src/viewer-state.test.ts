import { describe, expect, it } from 'vitest';
import { dwellMs, playTick } from './viewer-state.ts';

describe('playTick', () => {
  it('lets idle virtual time pass at the chosen speed', () => {
    const t = playTick({ timeMs: 1000, dwellLeftMs: 0 }, 100, 2, 5000);
    expect(t).toEqual({ timeMs: 1200, dwellLeftMs: 0, advance: false });
  });

  it('stops at the next event and holds it on screen, so bursts stay watchable', () => {
    const t = playTick({ timeMs: 1000, dwellLeftMs: 0 }, 100, 50, 1001);
    expect(t).toEqual({ timeMs: 1001, dwellLeftMs: dwellMs(50), advance: true });
    const held = playTick({ timeMs: 1001, dwellLeftMs: t.dwellLeftMs }, 10, 50, 1002);
    expect(held.advance).toBe(false);
    expect(held.timeMs).toBe(1001);
  });

  it('dwells longer when slower', () => {
    expect(dwellMs(0.25)).toBeGreaterThan(dwellMs(1));
    expect(dwellMs(1)).toBeGreaterThan(dwellMs(10));
  });
});
