import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DenseMap } from './dense-map.ts';

describe('DenseMap', () => {
  test.prop([fc.array(fc.record({ op: fc.constantFrom('set', 'delete'), id: fc.integer({ min: 0, max: 40 }), v: fc.integer() }), { maxLength: 80 })])(
    'agrees with a Map on get, has, set, delete and size',
    (ops) => {
      const d = new DenseMap<number>();
      const m = new Map<number, number>();
      for (const { op, id, v } of ops) {
        if (op === 'set') {
          d.set(id, v);
          m.set(id, v);
        } else {
          expect(d.delete(id)).toBe(m.delete(id));
        }
        expect(d.size).toBe(m.size);
      }
      for (let id = 0; id <= 41; id++) {
        expect(d.get(id)).toBe(m.get(id));
        expect(d.has(id)).toBe(m.has(id));
      }
    },
  );

  it('rejects ids that are not array indexes, and undefined values', () => {
    const d = new DenseMap<string>();
    expect(() => d.set(-1, 'x')).toThrow(/DenseMap.set/);
    expect(() => d.set(1.5, 'x')).toThrow(/DenseMap.set/);
    expect(() => d.set(2, undefined as unknown as string)).toThrow(/DenseMap.set/);
    expect(d.size).toBe(0);
  });
});
