// One value per owner object (a simulation's kernel, say), made on first use and dropped with the owner.

/**
 * A function that returns the value `make` built for an owner, building it on the first call for that
 * owner. The values live in a WeakMap: they go when the owner does.
 * @example const tableFor = weakMemo(() => new Table()); tableFor(kernel) === tableFor(kernel);
 */
export function weakMemo<K extends object, V>(make: (owner: K) => V): (owner: K) => V {
  const values = new WeakMap<K, V>();
  return (owner) => {
    let v = values.get(owner);
    if (v === undefined) {
      v = make(owner);
      values.set(owner, v);
    }
    return v;
  };
}
