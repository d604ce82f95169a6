import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ZXID_COUNTER_MAX, counterOf, epochOf, makeZxid, zxidHex } from './zxid.ts';

describe('zxid', () => {
  it('R4: makes epoch << 32 | counter', () => {
    expect(makeZxid(0, 0)).toBe(0);
    expect(makeZxid(1, 0)).toBe(4294967296);
    expect(makeZxid(1, 7)).toBe(4294967303);
    expect(makeZxid(5, 0xffffffff)).toBe(5 * 4294967296 + 4294967295);
  });

  it('R4: splits a zxid into epoch and counter', () => {
    expect(epochOf(0x500000003)).toBe(5);
    expect(counterOf(0x500000003)).toBe(3);
    expect(epochOf(0x1ffffffff)).toBe(1);
    expect(counterOf(0x1ffffffff)).toBe(0xffffffff);
  });

  it('R4: the first txn of a new epoch (counter 1) sorts after every txn of the old epoch', () => {
    expect(makeZxid(2, 1)).toBeGreaterThan(makeZxid(1, ZXID_COUNTER_MAX));
  });

  it('prints like Long.toHexString with a 0x prefix', () => {
    expect(zxidHex(makeZxid(1, 7))).toBe('0x100000007');
    expect(zxidHex(0)).toBe('0x0');
    expect(zxidHex(makeZxid(0, 255))).toBe('0xff');
    expect(zxidHex(makeZxid(0x1fffff, 0xffffffff))).toBe('0x1fffffffffffff');
  });

  it('rejects an epoch of 2^21 or more, a counter above 0xffffffff and non-integers', () => {
    expect(() => makeZxid(2 ** 21, 0)).toThrow(RangeError);
    expect(() => makeZxid(0, 2 ** 32)).toThrow(RangeError);
    expect(() => makeZxid(-1, 0)).toThrow(RangeError);
    expect(() => makeZxid(1.5, 0)).toThrow(RangeError);
    expect(() => epochOf(-1)).toThrow(RangeError);
    expect(() => zxidHex(2 ** 53)).toThrow(RangeError);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 21 - 1 }), fc.integer({ min: 0, max: 0xffffffff })])(
    'R4: epochOf/counterOf invert makeZxid and zxid order is (epoch, counter) order',
    (epoch, counter) => {
      const z = makeZxid(epoch, counter);
      expect(epochOf(z)).toBe(epoch);
      expect(counterOf(z)).toBe(counter);
      expect(BigInt(z)).toBe((BigInt(epoch) << 32n) | BigInt(counter));
      expect(zxidHex(z)).toBe('0x' + ((BigInt(epoch) << 32n) | BigInt(counter)).toString(16));
    },
  );
});
