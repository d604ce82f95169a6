// The trace records the checkers read, typed structurally so that any producer (the simulator's kernel, a
// trace file, a user's own recorder) can feed them: `{ time, seq, node, type, ... }`. Also the small readers
// that pull typed fields out of a record without throwing, since a checker must never throw on odd input.

/** One trace record: global virtual time, scheduling seq, emitting node, record type, and its fields. */
export interface TraceRecord {
  readonly time: number;
  readonly seq: number;
  readonly node: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** A string field, or undefined when absent or of another type. */
export function str(r: TraceRecord, field: string): string | undefined {
  const v = r[field];
  return typeof v === 'string' ? v : undefined;
}

/** A finite number field, or undefined. */
export function num(r: TraceRecord, field: string): number | undefined {
  const v = r[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A boolean field, or undefined. */
export function bool(r: TraceRecord, field: string): boolean | undefined {
  const v = r[field];
  return typeof v === 'boolean' ? v : undefined;
}

/** A string-array field (non-strings dropped), or undefined. */
export function strings(r: TraceRecord, field: string): string[] | undefined {
  const v = r[field];
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

/**
 * A zxid field: records write zxids as ZooKeeper logs them ('0x100000003'); a number is accepted too.
 * Returns undefined for anything else.
 */
export function zxidField(r: TraceRecord, field: string): number | undefined {
  const v = r[field];
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || !/^0x[0-9a-f]+$/i.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A zxid as ZooKeeper logs it. */
export function hex(zxid: number): string {
  return '0x' + zxid.toString(16);
}

/** The epoch of a zxid (its high 32 bits, R4). */
export function epochOfZxid(zxid: number): number {
  return Math.floor(zxid / 2 ** 32);
}

/** A session id shortened for messages: 0x0300…0000. */
export function shortId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}
