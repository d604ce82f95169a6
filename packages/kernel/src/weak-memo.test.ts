import { describe, expect, it } from 'vitest';
import { weakMemo } from './weak-memo.ts';

describe('weakMemo', () => {
  it('builds one value per owner, on first use', () => {
    let built = 0;
    const valueFor = weakMemo((owner: { name: string }) => ({ of: owner.name, n: ++built }));
    const a = { name: 'a' };
    const b = { name: 'b' };
    expect(built).toBe(0);
    const va = valueFor(a);
    expect(valueFor(a)).toBe(va);
    expect(valueFor(b)).toEqual({ of: 'b', n: 2 });
    expect(va).toEqual({ of: 'a', n: 1 });
    expect(built).toBe(2);
  });
});
