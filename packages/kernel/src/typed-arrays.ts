// Growing the dense typed arrays that hot paths index by small integers (slots, handles, ids).

/** The typed arrays `grownTo` handles. */
export type DenseArray = Int32Array | Uint8Array | Uint32Array | Float64Array;

/**
 * `a` itself when it has at least `minLength` elements; otherwise a copy of it, zero-filled beyond,
 * whose length is `a.length` doubled until it is enough.
 * @example ids = grownTo(ids, slot + 1); ids[slot] = id;
 */
export function grownTo<T extends DenseArray>(a: T, minLength: number): T {
  if (minLength <= a.length) return a;
  let n = Math.max(1, a.length);
  while (n < minLength) n *= 2;
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a);
  return b;
}
