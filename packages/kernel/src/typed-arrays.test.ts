import { describe, expect, it } from 'vitest';
import { grownTo } from './typed-arrays.ts';

describe('grownTo', () => {
  it('returns the array itself when it is long enough', () => {
    const a = new Int32Array([1, 2, 3]);
    expect(grownTo(a, 3)).toBe(a);
  });

  it('doubles until long enough, keeps the type and the values, zero-fills the rest', () => {
    const a = new Float64Array([1.5, -2]);
    const b = grownTo(a, 7);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBe(8);
    expect([...b]).toEqual([1.5, -2, 0, 0, 0, 0, 0, 0]);
    expect(grownTo(new Uint8Array(0), 3).length).toBe(4);
  });
});
