// A map from small non-negative integer ids to values, as one array slot per id: connection ids count up
// from 1 and are never reused, so this replaces a Map where lookups are hot. At 10k connections a slot
// read stays in cache where a hash-map probe does not.
import { assert } from './errors.ts';

/** Map from dense integer ids (≥ 0) to values; `undefined` is not a storable value. */
export class DenseMap<V> {
  private readonly slots: (V | undefined)[] = [];
  private count = 0;

  get(id: number): V | undefined {
    return this.slots[id];
  }

  has(id: number): boolean {
    return this.slots[id] !== undefined;
  }

  set(id: number, value: V): this {
    if (!(Number.isInteger(id) && id >= 0 && value !== undefined)) assert(false, `DenseMap.set: bad id ${id} or undefined value`);
    while (this.slots.length <= id) this.slots.push(undefined);
    if (this.slots[id] === undefined) this.count++;
    this.slots[id] = value;
    return this;
  }

  delete(id: number): boolean {
    if (this.slots[id] === undefined) return false;
    this.slots[id] = undefined;
    this.count--;
    return true;
  }

  /** Number of ids with a value. */
  get size(): number {
    return this.count;
  }
}
