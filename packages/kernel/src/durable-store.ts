// A node's durable storage: named append-only streams (a txn log) and named values (a snapshot, the
// accepted epoch). Writes are visible to the node at once but survive a crash only up to the last
// `sync()`; what was written after it is lost on crash, entirely or (with a seeded Rng) down to a random
// prefix, the way a disk loses an unflushed tail. The store outlives the node's volatile state.
import type { Rng } from './rng.ts';

type Op =
  | { kind: 'append'; stream: string; record: unknown }
  | { kind: 'truncate'; stream: string; length: number }
  | { kind: 'put'; key: string; value: unknown };

/** How much of the unsynced tail a crash loses. */
export type CrashLoss = 'all-unsynced' | 'random-prefix';

/** Durable streams and values with an explicit synced point. */
export class DurableStore {
  private readonly liveStreams = new Map<string, unknown[]>();
  private readonly liveValues = new Map<string, unknown>();
  private readonly syncedStreams = new Map<string, unknown[]>();
  private readonly syncedValues = new Map<string, unknown>();
  private pending: Op[] = [];

  /** Appends a record to a stream (visible now, durable after `sync`). */
  append(stream: string, record: unknown): void {
    this.streamOf(this.liveStreams, stream).push(record);
    this.pending.push({ kind: 'append', stream, record });
  }

  /** Keeps only the first `length` records of a stream. */
  truncate(stream: string, length: number): void {
    const s = this.streamOf(this.liveStreams, stream);
    if (length < s.length) s.length = length;
    this.pending.push({ kind: 'truncate', stream, length });
  }

  /** Sets a named value. */
  put(key: string, value: unknown): void {
    this.liveValues.set(key, value);
    this.pending.push({ kind: 'put', key, value });
  }

  /** Makes every write so far durable. */
  sync(): void {
    for (const op of this.pending) apply(this.syncedStreams, this.syncedValues, op, (m, s) => this.streamOf(m, s));
    this.pending = [];
  }

  /** Number of writes not yet synced. */
  get unsyncedCount(): number {
    return this.pending.length;
  }

  /** The records of a stream as the node sees them (read-only view). */
  read(stream: string): readonly unknown[] {
    return this.liveStreams.get(stream) ?? [];
  }

  /** A named value as the node sees it. */
  get(key: string): unknown {
    return this.liveValues.get(key);
  }

  /**
   * Simulates a crash: the live view falls back to what was synced, plus (with `random-prefix` and an
   * Rng) a random prefix of the unsynced writes. Returns the number of writes lost.
   */
  crash(loss: CrashLoss = 'all-unsynced', rng?: Rng): number {
    const keep = loss === 'random-prefix' && rng !== undefined ? rng.int(0, this.pending.length) : 0;
    const kept = this.pending.slice(0, keep);
    const lost = this.pending.length - keep;
    this.pending = [];
    for (const op of kept) apply(this.syncedStreams, this.syncedValues, op, (m, s) => this.streamOf(m, s));
    this.liveStreams.clear();
    this.liveValues.clear();
    for (const [k, v] of this.syncedStreams) this.liveStreams.set(k, v.slice());
    for (const [k, v] of this.syncedValues) this.liveValues.set(k, v);
    return lost;
  }

  private streamOf(m: Map<string, unknown[]>, stream: string): unknown[] {
    let s = m.get(stream);
    if (s === undefined) {
      s = [];
      m.set(stream, s);
    }
    return s;
  }
}

function apply(
  streams: Map<string, unknown[]>,
  values: Map<string, unknown>,
  op: Op,
  streamOf: (m: Map<string, unknown[]>, s: string) => unknown[],
): void {
  if (op.kind === 'append') streamOf(streams, op.stream).push(op.record);
  else if (op.kind === 'truncate') {
    const s = streamOf(streams, op.stream);
    if (op.length < s.length) s.length = op.length;
  } else values.set(op.key, op.value);
}
