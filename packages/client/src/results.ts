// What a request's callback receives: the result code and, on success, the operation's value with every
// path in the client's view (chroot stripped, R82). The extractors turn a reply's OpResult into that
// value and stop the run when a server answers an operation with the result of another (a bug).
import { assert } from '@zksim/kernel';
import type { ErrorCode, OpResult, Stat } from '@zksim/protocol';
import { stripChroot } from './chroot.ts';

/**
 * Outcome of one request: `path` is the path the caller passed; `result` is present exactly when the
 * code is 'ok'. Failure codes follow R80: connection-loss (may or may not have happened),
 * session-expired, and the server's definite errors (no-node, node-exists, bad-version, …).
 */
export type ZkResult<T> =
  | { readonly code: 'ok'; readonly path: string; readonly result: T }
  | { readonly code: Exclude<ErrorCode, 'ok'>; readonly path: string };

/** Callback of a request. */
export type ZkCallback<T> = (result: ZkResult<T>) => void;

/** Value of a successful getData. */
export interface DataResult {
  readonly data: string;
  readonly stat: Stat;
}

function mismatch(want: string, got: OpResult): never {
  assert(false, `client: expected a ${want} result, got ${got.op}`);
}

/** create → the created path, chroot stripped (sequential suffix included). */
export function extractCreate(chroot: string | null): (r: OpResult) => string {
  return (r) => (r.op === 'create' ? stripChroot(chroot, r.path) : mismatch('create', r));
}

/** sync → the synced path, chroot stripped. */
export function extractSync(chroot: string | null): (r: OpResult) => string {
  return (r) => (r.op === 'sync' ? stripChroot(chroot, r.path) : mismatch('sync', r));
}

/** delete → null. */
export function extractNone(r: OpResult): null {
  return r.op === 'delete' ? null : mismatch('delete', r);
}

/** set-data and exists → the Stat; undefined for exists with a null Stat (reported as no-node). */
export function extractStat(r: OpResult): Stat | undefined {
  if (r.op === 'set-data') return r.stat;
  if (r.op === 'exists') return r.stat ?? undefined;
  return mismatch('stat', r);
}

/** get-data → data and Stat. */
export function extractData(r: OpResult): DataResult {
  return r.op === 'get-data' ? { data: r.data, stat: r.stat } : mismatch('get-data', r);
}

/** get-children → the child names. */
export function extractChildren(r: OpResult): readonly string[] {
  return r.op === 'get-children' ? r.children : mismatch('get-children', r);
}
