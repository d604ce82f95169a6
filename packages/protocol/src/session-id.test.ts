import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  compareSessionIds,
  initialSessionId,
  isSessionId,
  nextSessionId,
  serverIdOfSession,
  sessionIdFromBigInt,
  sessionIdToBigInt,
} from './session-id.ts';

// Expected ids below were printed by a scratch Java 17 program that evaluates ZooKeeper's formula
// `((now << 24) >>> 8) | (id << 56)` (plus the Long.MIN_VALUE bump) on Java longs, and `id >> 56`.
describe('session ids', () => {
  it('R1: puts the server id in the top byte, 40 bits of the clock below it and zeros in the low 16 bits', () => {
    expect(initialSessionId(1, 0)).toBe('0x0100000000000000');
    expect(initialSessionId(1, 1700000000000)).toBe('0x018bcfe568000000');
    expect(initialSessionId(3, 1234567890123)).toBe('0x031f71fb04cb0000');
    expect(initialSessionId(255, 1700000000000)).toBe('0xff8bcfe568000000');
  });

  it('R1: keeps only the low 8 bits of the server id and the low 40 bits of the time', () => {
    // Java ran this with now = 0x123456789abcdef; only the low 40 bits (0x6789abcdef) matter.
    expect(initialSessionId(256 + 5, 0x1f6789abcdef)).toBe('0x056789abcdef0000');
    expect(initialSessionId(-1, 0)).toBe('0xff00000000000000');
    expect(initialSessionId(1, -1)).toBe('0x01ffffffffff0000');
  });

  it('R1: bumps the one id equal to Long.MIN_VALUE (the container marker) by one', () => {
    expect(initialSessionId(128, 0)).toBe('0x8000000000000001');
  });

  it('R1: hands out consecutive ids that differ by one, carrying across hex digits', () => {
    expect(nextSessionId('0x0100000000000000')).toBe('0x0100000000000001');
    expect(nextSessionId('0x01000000000000ff')).toBe('0x0100000000000100');
    expect(nextSessionId('0x7fffffffffffffff')).toBe('0x8000000000000000');
    expect(nextSessionId('0xffffffffffffffff')).toBe('0x0000000000000000');
  });

  it('R2: recovers the server id with an arithmetic shift, negative for a top byte of 0x80 or more', () => {
    expect(serverIdOfSession('0x031f71fb04cb0000')).toBe(3);
    expect(serverIdOfSession('0x056789abcdef0000')).toBe(5);
    expect(serverIdOfSession('0x7f00000000000000')).toBe(127);
    expect(serverIdOfSession('0x8000000000000001')).toBe(-128);
    expect(serverIdOfSession('0xff8bcfe568000000')).toBe(-1);
  });

  it('recognises only 0x + 16 lowercase hex digits', () => {
    expect(isSessionId('0x0100000000000000')).toBe(true);
    expect(isSessionId('0x010000000000000')).toBe(false);
    expect(isSessionId('0x0100000000000000a')).toBe(false);
    expect(isSessionId('0x01000000000000AB')).toBe(false);
    expect(isSessionId('0100000000000000ab')).toBe(false);
    expect(isSessionId(1)).toBe(false);
    expect(() => sessionIdToBigInt('0x1')).toThrow(RangeError);
  });

  it('orders ids by unsigned value', () => {
    const ids = ['0xff00000000000000', '0x0100000000000002', '0x8000000000000001', '0x0100000000000001'];
    expect([...ids].sort(compareSessionIds)).toEqual(['0x0100000000000001', '0x0100000000000002', '0x8000000000000001', '0xff00000000000000']);
    expect(compareSessionIds('0x0100000000000001', '0x0100000000000001')).toBe(0);
  });

  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

  test.prop([u64, u64])('compareSessionIds agrees with unsigned numeric order', (a, b) => {
    const sign = a < b ? -1 : a > b ? 1 : 0;
    expect(compareSessionIds(sessionIdFromBigInt(a), sessionIdFromBigInt(b))).toBe(sign);
  });

  test.prop([u64])('nextSessionId adds one modulo 2^64 and round-trips through BigInt', (a) => {
    const id = sessionIdFromBigInt(a);
    expect(isSessionId(id)).toBe(true);
    expect(sessionIdToBigInt(id)).toBe(a);
    expect(sessionIdToBigInt(nextSessionId(id))).toBe((a + 1n) % (1n << 64n));
  });

  test.prop([fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 2 ** 40 - 1 })])(
    'R1/R2: a server below 128 finds its own id in every session id it allocates',
    (serverId, nowMs) => {
      const id = initialSessionId(serverId, nowMs);
      expect(serverIdOfSession(id)).toBe(serverId);
      expect(id.endsWith('0000')).toBe(true);
      expect(sessionIdToBigInt(id) >> 16n).toBe((BigInt(serverId) << 40n) | BigInt(nowMs));
    },
  );
});
